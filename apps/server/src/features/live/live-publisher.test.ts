/**
 * The publisher: counts from many sources within one window leave as one message per org, other
 * changes at once, and browsers see only the fields of the live contract.
 */
import type { Change } from '@dexter/change-feed';
import type { LiveEvent } from '@dexter/contracts';
import { describe, expect, it } from 'vitest';
import { createLivePublisher } from './live-publisher';

const counts = (org: string, issueId: string, events = 1): Change => ({
  type: 'issue.counts',
  org,
  counts: [{ issueId, project: 'web', events }],
});

function setUp(maxPendingIssues?: number) {
  const delivered: LiveEvent[] = [];
  const publisher = createLivePublisher({
    deliver: (event) => void delivered.push(event),
    flushMs: 60_000,
    ...(maxPendingIssues ? { maxPendingIssues } : {}),
  });
  return { publisher, delivered };
}

describe('createLivePublisher', () => {
  it('merges counts per org and issue into one message per org per window', () => {
    const { publisher, delivered } = setUp();
    publisher.publish(counts('acme', '1'));
    publisher.publish(counts('acme', '1', 4));
    publisher.publish(counts('acme', '2'));
    publisher.publish(counts('other', '9'));
    expect(delivered).toEqual([]);
    publisher.flush();
    expect(delivered).toEqual([
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

  it('flushes early when the window holds too many issues', () => {
    const { publisher, delivered } = setUp(2);
    publisher.publish(counts('acme', '1'));
    expect(delivered).toEqual([]);
    publisher.publish(counts('acme', '2'));
    expect(delivered).toHaveLength(1);
  });

  it('delivers other changes at once, without the stack, origin or read-back count', () => {
    const { publisher, delivered } = setUp();
    publisher.publish({
      type: 'issue.created',
      org: 'acme',
      project: 'web',
      issueId: '7',
      title: 'TypeError',
      shortId: null,
      level: 'error',
      eventId: 'e1',
      stack: [{ type: 'TypeError', value: null, stacktrace: null }],
    });
    publisher.publish({
      type: 'issue.updated',
      org: 'acme',
      project: null,
      issueId: '7',
      action: 'resolved',
      status: 'resolved',
      count: 3,
      origin: 'dexter',
    });
    expect(delivered).toEqual([
      {
        type: 'issue.created',
        org: 'acme',
        project: 'web',
        issueId: '7',
        title: 'TypeError',
        shortId: null,
        level: 'error',
        eventId: 'e1',
      },
      {
        type: 'issue.updated',
        org: 'acme',
        project: null,
        issueId: '7',
        action: 'resolved',
        status: 'resolved',
      },
    ]);
  });
});
