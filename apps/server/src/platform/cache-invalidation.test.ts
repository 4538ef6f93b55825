/**
 * Cache invalidation on the change feed: what a change can affect is dropped before anyone hears
 * of it, only the issue for counts, nothing again for a change Dexter made (its mutation did), and
 * a failed invalidation (Redis away) does not stop the change.
 */
import { type Change, createChangeFeed } from '@dexter/change-feed';
import { describe, expect, it } from 'vitest';
import { subscribeCacheInvalidation } from './cache-invalidation';

function setUp(bumpTags: (tags: readonly string[]) => Promise<void> = async () => {}) {
  const log: string[] = [];
  const feed = createChangeFeed({ onError: (error) => log.push(`error ${String(error)}`) });
  subscribeCacheInvalidation(
    feed,
    {
      bumpTags: async (tags) => {
        log.push(`bump ${tags.join(',')}`);
        await bumpTags(tags);
      },
    },
    { warn: (_object, message) => log.push(`warn ${message}`) },
  );
  feed.subscribe((change) => void log.push(`heard ${change.type}`));
  return { feed, log };
}

const updated = (issueId: string, action: string, status: string, origin: 'dexter' | 'upstream'): Change => ({
  type: 'issue.updated',
  org: 'acme',
  project: null,
  issueId,
  action,
  status,
  origin,
});

describe('cache invalidation on the change feed', () => {
  it('drops what a change can affect before it is heard, only the issue for counts', async () => {
    const { feed, log } = setUp();
    await feed.publish(updated('7', 'resolved', 'resolved', 'upstream'));
    await feed.publish(updated('9', 'assigned', 'unresolved', 'upstream'));
    await feed.publish({
      type: 'issue.counts',
      org: 'acme',
      counts: [{ issueId: '8', project: 'web', events: 2 }],
    });
    expect(log).toEqual([
      'bump issue:7,issue-state:7,issues-status:resolved,issues-status:other',
      'heard issue.updated',
      'bump issue:9,issue-state:9,issues',
      'heard issue.updated',
      'bump issue:8,issue-events:8',
      'heard issue.counts',
    ]);
  });

  it('leaves the cache alone for a change made through Dexter', async () => {
    const { feed, log } = setUp();
    await feed.publish(updated('7', 'resolved', 'resolved', 'dexter'));
    expect(log).toEqual(['heard issue.updated']);
  });

  it('still hands the change on when the invalidation fails', async () => {
    const { feed, log } = setUp(async () => {
      throw new Error('Redis is away');
    });
    await feed.publish(updated('7', 'resolved', 'resolved', 'upstream'));
    expect(log).toEqual([
      'bump issue:7,issue-state:7,issues-status:resolved,issues-status:other',
      'warn cache invalidation failed; the change goes out anyway',
      'heard issue.updated',
    ]);
  });
});
