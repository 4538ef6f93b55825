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

  it('invalidates what a change can affect before publishing it, only the issue for counts', async () => {
    const { publisher, log } = setUp();
    const updated = (issueId: string, action: string, status: string) =>
      publisher.publish({ type: 'issue.updated', org: 'acme', project: null, issueId, action, status });
    updated('7', 'resolved', 'resolved');
    updated('9', 'assigned', 'unresolved');
    publisher.publish(counts('acme', '8'));
    await publisher.idle();
    const resolvedTags = 'bump issue:7,issue-state:7,issues-status:resolved,issues-status:other';
    expect([...log].sort()).toEqual([
      resolvedTags,
      'bump issue:8,issue-events:8',
      'bump issue:9,issue-state:9,issues',
      'publish issue.counts',
      'publish issue.updated',
      'publish issue.updated',
    ]);
    expect(log.indexOf(resolvedTags)).toBeLessThan(log.indexOf('publish issue.updated'));
    expect(log.indexOf('bump issue:8,issue-events:8')).toBeLessThan(log.indexOf('publish issue.counts'));
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
      'bump issue:7,issue-state:7,issues-status:resolved,issues-status:other',
      'warn live: cache invalidation failed; the event goes out anyway',
      'publish issue.updated',
    ]);
  });
});
