/**
 * The search runner over a fake upstream (Sentry dialect), where the bounds are cheap to reach:
 * a residual scan stops at `maxScannedIssues` or `maxFrameFetches` and says so, its cursor resumes
 * exactly after the last issue evaluated, a fan-out merges by the sort key with each issue once,
 * and `all` has no bound.
 */
import type { SentryClient, Issue as SentryIssue } from '@dexter/sentry-client';
import { describe, expect, it } from 'vitest';
import { createIssueSearch, type IssueSearchParams } from './issue-search-service';
import { SEARCH_LIMITS } from './search-planner';
import { sentryUpstream } from './search-upstream';

interface FakeIssue {
  id: string;
  level: string;
  count: number;
  fn: string;
}

function fakeUpstream(all: FakeIssue[], { maxPage = 100 } = {}) {
  const calls = { list: [] as string[], latest: 0 };
  const base = Date.parse('2026-01-01T00:00:00Z');
  const toSentry = (issue: FakeIssue): SentryIssue =>
    ({
      id: issue.id,
      title: `Error ${issue.id}`,
      level: issue.level,
      count: String(issue.count),
      lastSeen: new Date(base + Number(issue.id) * 1000).toISOString(),
      firstSeen: new Date(base).toISOString(),
    }) as SentryIssue;
  const matches = (query: string) => (issue: FakeIssue) =>
    query === '' ||
    (query === 'level:fatal' && issue.level === 'fatal') ||
    (query === 'times_seen:>1000' && issue.count > 1000);
  const sentry = {
    issues: {
      async list(_org: string, params: { query?: string; limit?: number; cursor?: string }) {
        calls.list.push(params.query ?? '');
        const found = all.filter(matches(params.query ?? '')).sort((a, b) => Number(b.id) - Number(a.id));
        const offset = Number(params.cursor ?? 0);
        const limit = Math.min(params.limit ?? 100, maxPage);
        const next = offset + limit < found.length ? String(offset + limit) : null;
        return {
          data: found.slice(offset, offset + limit).map(toSentry),
          page: { next, previous: null, hits: found.length },
        };
      },
      tags: async () => [],
    },
    events: {
      async getForIssue(_org: string, id: string) {
        calls.latest += 1;
        const fn = all.find((issue) => issue.id === id)?.fn;
        return {
          id: 'e',
          entries: [
            { type: 'exception', data: { values: [{ stacktrace: { frames: [{ function: fn }] } }] } },
          ],
        };
      },
    },
  };
  return { sentry: sentry as unknown as Pick<SentryClient, 'issues' | 'events'>, calls };
}

const issues = (n: number, make: (i: number) => Partial<FakeIssue> = () => ({})): FakeIssue[] =>
  Array.from({ length: n }, (_, i) => ({
    id: String(i + 1),
    level: 'error',
    count: 1,
    fn: 'ordinary',
    ...make(i + 1),
  }));

const params = (query: string): IssueSearchParams => ({
  query,
  sort: 'date',
  projects: [],
  environments: [],
});

describe('one exact upstream query', () => {
  it('pages through every issue once, in order, even when the upstream pages are shorter', async () => {
    const { sentry, calls } = fakeUpstream(issues(12), { maxPage: 3 });
    const search = createIssueSearch({ sentry, dialect: sentryUpstream });
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pageNumber = 0; pageNumber < 10; pageNumber += 1) {
      const page = await search.page('acme', params(''), { limit: 5, cursor });
      expect(page.hits).toBe(12);
      expect(page).not.toHaveProperty('scanned');
      seen.push(...page.issues.map((issue) => issue.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => String(12 - i)));
    // Pages of 5 from upstream pages of 3: 12 issues in 4 upstream pages, a shared one read twice.
    expect(calls.list.length).toBeLessThanOrEqual(6);
  });
});

describe('residual scans', () => {
  it('stop after maxScannedIssues, say so, and resume right after the last issue evaluated', async () => {
    const { sentry } = fakeUpstream(issues(2500, (i) => ({ level: i === 1 ? 'fatal' : 'error' })));
    const search = createIssueSearch({ sentry, dialect: sentryUpstream });
    // `title:` with a wildcard list is not upstream-expressible: Dexter evaluates it.
    const query = params('title:["Error 1", "Error 1x*"]');
    const first = await search.page('org', query, { limit: 10 });
    expect(first).toMatchObject({ issues: [], scanned: SEARCH_LIMITS.maxScannedIssues, truncated: true });
    const second = await search.page('org', query, { limit: 10, cursor: first.nextCursor! });
    expect(second.scanned).toBe(1000);
    const third = await search.page('org', query, { limit: 10, cursor: second.nextCursor! });
    expect(third).toMatchObject({ scanned: 500, truncated: false, nextCursor: null });
    expect(third.issues.map((issue) => issue.id)).toEqual(['1']);
  });

  it('stop after maxFrameFetches latest events', async () => {
    const { sentry, calls } = fakeUpstream(issues(500));
    const search = createIssueSearch({ sentry, dialect: sentryUpstream });
    const page = await search.page('org', params('frame:nowhere'), { limit: 10 });
    expect(calls.latest).toBe(SEARCH_LIMITS.maxFrameFetches);
    expect(page).toMatchObject({ issues: [], truncated: true, scanned: SEARCH_LIMITS.maxFrameFetches });
  });

  it('fill the page from frames, in upstream order, and hand back a cursor', async () => {
    const { sentry } = fakeUpstream(issues(300, (i) => ({ fn: i % 50 === 0 ? 'chargeCard' : 'other' })));
    const search = createIssueSearch({ sentry, dialect: sentryUpstream });
    const page = await search.page('org', params('frame:chargecard'), { limit: 3 });
    expect(page.issues.map((issue) => issue.id)).toEqual(['300', '250', '200']);
    const rest = await search.page('org', params('frame:chargecard'), { limit: 3, cursor: page.nextCursor! });
    expect(rest.issues.map((issue) => issue.id)).toEqual(['150', '100', '50']);
    expect(rest.nextCursor).not.toBeNull();
    const end = await search.page('org', params('frame:chargecard'), { limit: 3, cursor: rest.nextCursor! });
    expect(end).toMatchObject({ issues: [], nextCursor: null, truncated: false });
  });
});

describe('fan-out', () => {
  const upstream = () =>
    fakeUpstream(
      issues(40, (i) => ({ level: i % 4 === 0 ? 'fatal' : 'error', count: i % 5 === 0 ? 2000 : 1 })),
    );

  it('merges the branches in sort order, each issue once, without a count', async () => {
    const { sentry, calls } = upstream();
    const search = createIssueSearch({ sentry, dialect: sentryUpstream });
    const page = await search.page('org', params('level:fatal OR times_seen:>1000'), { limit: 100 });
    const expected = issues(40)
      .map((issue) => Number(issue.id))
      .filter((i) => i % 4 === 0 || i % 5 === 0)
      .sort((a, b) => b - a)
      .map(String);
    expect(page.issues.map((issue) => issue.id)).toEqual(expected);
    expect(page.hits).toBeNull();
    expect(new Set(calls.list)).toEqual(new Set(['level:fatal', 'times_seen:>1000']));
  });

  it('pages the merge with a cursor and neither skips nor repeats', async () => {
    const { sentry } = upstream();
    const search = createIssueSearch({ sentry, dialect: sentryUpstream });
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 20; pages++) {
      const page = await search.page('org', params('level:fatal OR times_seen:>1000'), { limit: 3, cursor });
      seen.push(...page.issues.map((issue) => issue.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual([
      '40',
      '36',
      '35',
      '32',
      '30',
      '28',
      '25',
      '24',
      '20',
      '16',
      '15',
      '12',
      '10',
      '8',
      '5',
      '4',
    ]);
  });

  it('refuses a sort it cannot merge on', async () => {
    const { sentry } = upstream();
    const search = createIssueSearch({ sentry, dialect: sentryUpstream });
    await expect(
      search.page('org', { ...params('level:fatal OR times_seen:>1000'), sort: 'trends' }, { limit: 3 }),
    ).rejects.toMatchObject({ code: 'DEXTER_ERR_VALIDATION' });
  });

  it('checks the sort against a plan it already keeps, and refuses a bad query every time', async () => {
    const { sentry } = upstream();
    const search = createIssueSearch({ sentry, dialect: sentryUpstream });
    const query = params('level:fatal OR times_seen:>1000');
    await expect(search.page('org', query, { limit: 3 })).resolves.toMatchObject({ hits: null });
    await expect(search.page('org', { ...query, sort: 'trends' }, { limit: 3 })).rejects.toMatchObject({
      code: 'DEXTER_ERR_VALIDATION',
    });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await expect(search.page('org', params('level:(fatal'), { limit: 3 })).rejects.toMatchObject({
        code: 'DEXTER_ERR_VALIDATION',
      });
    }
  });
});

describe('all', () => {
  it('streams every match without the scan bound', async () => {
    const { sentry } = fakeUpstream(issues(2500, (i) => ({ fn: i % 2 === 0 ? 'even' : 'odd' })));
    const search = createIssueSearch({ sentry, dialect: sentryUpstream });
    let count = 0;
    for await (const _ of search.all('org', params('frame:even'))) count += 1;
    expect(count).toBe(1250);
  });
});
