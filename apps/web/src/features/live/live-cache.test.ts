/** Live count deltas applied to cached lists and details, leaving untouched data as the same objects. */
import type { Issue, IssueList } from '@dexter/contracts';
import { describe, expect, it } from 'vitest';
import type { IssueListPages } from '../issues/issue-pages';
import { applyCountsToDetail, applyCountsToPages, deltasOf } from './live-cache';

const issue = (id: string, count: number): Issue => ({
  id,
  shortId: `APP-${id}`,
  title: `Error ${id}`,
  culprit: 'app.js',
  level: 'error',
  status: 'unresolved',
  platform: 'node',
  count,
  userCount: 0,
  firstSeen: null,
  lastSeen: null,
  project: { id: '1', slug: 'app', name: 'App' },
  metadata: {},
  permalink: null,
});
const page = (issues: Issue[]): IssueList => ({ issues, nextCursor: null, previousCursor: null, hits: null });
const pages = (...list: IssueList[]): IssueListPages => ({ pages: list, pageParams: list.map(() => null) });

describe('live counts on cached issues', () => {
  it('adds each delta to its issue and moves lastSeen, leaving other pages untouched', () => {
    const deltas = deltasOf({
      type: 'issue.counts',
      org: 'acme',
      seq: 3,
      counts: [
        { issueId: '2', project: 'app', events: 3 },
        { issueId: '2', project: 'app', events: 1 },
      ],
    });
    const first = page([issue('1', 10)]);
    const before = pages(first, page([issue('2', 5)]));
    const after = applyCountsToPages(before, deltas, '2030-01-01T00:00:00Z');
    expect(after.pages[0]).toBe(first);
    expect(after.pages[1]?.issues[0]).toMatchObject({ count: 9, lastSeen: '2030-01-01T00:00:00Z' });
    expect(applyCountsToPages(before, new Map([['9', 1]]), 'x')).toBe(before);
  });

  it('adds a delta to an issue detail', () => {
    const detail = { issue: issue('1', 4), latestEvent: null };
    expect(applyCountsToDetail(detail, 2, 'now').issue.count).toBe(6);
    expect(applyCountsToDetail(detail, 0, 'now')).toBe(detail);
  });
});
