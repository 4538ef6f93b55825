/** Routing: which topics an event reaches, and the part of a counts batch a subscriber sees. */
import type { LiveEvent } from '@dexter/contracts';
import { describe, expect, it } from 'vitest';
import { countsFor, topicsOf } from './live-topics';

const counts: Extract<LiveEvent, { type: 'issue.counts' }> = {
  type: 'issue.counts',
  org: 'acme',
  counts: [
    { issueId: '1', project: 'web', events: 2 },
    { issueId: '2', project: 'api', events: 1 },
    { issueId: '3', project: null, events: 5 },
  ],
};

describe('topicsOf', () => {
  it('puts an issue event on its org, project and issue topics; a status on none (everyone)', () => {
    const event: LiveEvent = {
      type: 'issue.updated',
      org: 'acme',
      project: 'web',
      issueId: '1',
      action: 'resolved',
      status: 'resolved',
    };
    expect(topicsOf(event)?.sort()).toEqual(['issue:acme/1', 'org:acme', 'project:acme/web']);
    expect(topicsOf({ ...event, project: null })?.sort()).toEqual(['issue:acme/1', 'org:acme']);
    expect(topicsOf({ type: 'upstream.degraded', degraded: true, reason: 'x' })).toBeNull();
  });
});

describe('countsFor', () => {
  it('gives an org subscriber the whole batch, others their issues and projects only', () => {
    expect(countsFor(counts, new Set(['org:acme']))).toBe(counts);
    expect(
      countsFor(counts, new Set(['project:acme/api', 'issue:acme/3']))?.counts.map((c) => c.issueId),
    ).toEqual(['2', '3']);
    expect(countsFor(counts, new Set(['issue:acme/9']))).toBeNull();
  });

  it('leaves out what an earlier subscription already covered', () => {
    expect(
      countsFor(counts, new Set(['org:acme']), new Set(['project:acme/web']))?.counts.map((c) => c.issueId),
    ).toEqual(['2', '3']);
    expect(countsFor(counts, new Set(['issue:acme/1']), new Set(['org:acme']))).toBeNull();
  });
});
