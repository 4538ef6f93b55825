/**
 * The publisher: counts from many sources within one window leave as one message per org; the
 * cache is invalidated before an event goes out; and an invalidation that fails (Redis away) does
 * not stop the event.
 */
import type { LiveEvent } from '@dexter/contracts';
import { describe, expect, it } from 'vitest';
import { createLivePublisher } from './live-publisher';

function setUp(bumpTags: (tags: readonly string[]) => Promise<void> = async () => {}) {
  const log: string[] = [];
  const publisher = createLivePublisher({
    bus: {
      publish: async (event) => {
        log.push(`publish ${event.type}`);
      },
    },
    cache: {
      bumpTags: async (tags) => {
        log.push(`bump ${tags.join(',')}`);
        await bumpTags(tags);
      },
    },
    flushMs: 60_000,
    log: { warn: (_object, message) => log.push(`warn ${message}`) },
  });
  return { publisher, log };
}

const counts = (org: string, issueId: string, events = 1): LiveEvent => ({
  type: 'issue.counts',
  org,
  counts: [{ issueId, project: 'web', events }],
});

describe('createLivePublisher', () => {
  it('merges counts per org and issue into one message per org per window', async () => {
    const published: LiveEvent[] = [];
    const publisher = createLivePublisher({
      bus: { publish: async (event) => void published.push(event) },
      cache: { bumpTags: async () => {} },
      flushMs: 60_000,
      log: { warn: () => {} },
    });
    publisher.publish(counts('acme', '1'));
    publisher.publish(counts('acme', '1', 4));
    publisher.publish(counts('acme', '2'));
    publisher.publish(counts('other', '9'));
    expect(published).toEqual([]);
    await publisher.idle();
    expect(published).toEqual([
      {
        type: 'issue.counts',
        org: 'acme',
        counts: [
          { issueId: '1', project: 'web', events: 5 },
          { issueId: '2', project: 'web', events: 1 },
        ],
      },
      { type: 'issue.counts', org: 'other', counts: [{ issueId: '9', project: 'web', events: 1 }] },
    ]);
  });

  it('invalidates the lists and the issue before publishing a change, only the issue for counts', async () => {
    const { publisher, log } = setUp();
    publisher.publish({
      type: 'issue.updated',
      org: 'acme',
      project: null,
      issueId: '7',
      action: 'resolved',
      status: 'resolved',
    });
    publisher.publish(counts('acme', '8'));
    await publisher.idle();
    expect([...log].sort()).toEqual([
      'bump issue:8',
      'bump issues,issue:7',
      'publish issue.counts',
      'publish issue.updated',
    ]);
    expect(log.indexOf('bump issues,issue:7')).toBeLessThan(log.indexOf('publish issue.updated'));
    expect(log.indexOf('bump issue:8')).toBeLessThan(log.indexOf('publish issue.counts'));
  });

  it('still publishes when the invalidation fails', async () => {
    const { publisher, log } = setUp(async () => {
      throw new Error('Redis is away');
    });
    publisher.publish({
      type: 'issue.updated',
      org: 'acme',
      project: null,
      issueId: '7',
      action: 'resolved',
      status: 'resolved',
    });
    await publisher.idle();
    expect(log).toEqual([
      'bump issues,issue:7',
      'warn live: cache invalidation failed; the event goes out anyway',
      'publish issue.updated',
    ]);
  });
});
