import { parseSearch, printSearch, type SearchNode } from '@dexter/search-syntax';
import { describe, expect, it } from 'vitest';
import { type PlanOptions, planSearch, type SearchPlan } from './search-planner';
import { builtInStoreUpstream } from './search-upstream';

function ast(query: string): SearchNode | null {
  const result = parseSearch(query);
  if (!result.ok) throw new Error(result.error.message);
  return result.ast;
}

function plan(query: string, options?: PlanOptions): SearchPlan {
  const result = planSearch(ast(query), options);
  if (!result.ok) throw new Error(result.error.message);
  return result.plan;
}

/** Each branch as `upstream query | residual printout`, to compare plans at a glance. */
function branches(query: string, options?: PlanOptions): string[] {
  return plan(query, options).branches.map((b) => `${b.upstreamQuery} | ${printSearch(b.residual)}`);
}

describe('planSearch (a): what Sentry runs alone goes upstream as one query', () => {
  it.each([
    ['', ''],
    ['is:unresolved level:error times_seen:>100', 'is:unresolved level:error times_seen:>100'],
    ['example error level:error', '"example error" level:error'],
    ['foo AND bar', '"foo" "bar"'],
    ['level:error OR level:fatal', 'level:[error, fatal]'],
    ['level:[error, fatal] OR level:warning', 'level:[error, fatal, warning]'],
    ['level:error OR level:error', 'level:error'],
    ['!(level:error OR level:fatal)', '!level:error !level:fatal'],
    ['level:!=error', '!level:error'],
    ['!lastSeen:-24h', 'lastSeen:+24h'],
    ['!firstSeen:>2026-11-01', 'firstSeen:<=2026-11-01'],
    ['is:bookmarked', 'bookmarks:me'],
    ['!is:bookmarked', '!bookmarks:me'],
    ['is:for_review assigned_or_suggested:me', 'is:for_review assigned_or_suggested:me'],
    ['tags[sentry:user]:"id:1 2"', 'tags[sentry:user]:"id:1 2"'],
  ])('%j → %j', (query, upstream) => {
    expect(plan(query)).toEqual({
      strategy: 'upstream',
      branches: [{ upstreamQuery: upstream, residual: null, needsFrames: false, needsTags: false }],
      needsFrames: false,
      needsTags: false,
    });
  });
});

describe('planSearch (b): an OR across fields fans out to one upstream query per branch', () => {
  it('sends each side of a top-level OR separately', () => {
    expect(plan('level:fatal OR times_seen:>1000').strategy).toBe('fan-out');
    expect(branches('level:fatal OR times_seen:>1000')).toEqual(['level:fatal | ', 'times_seen:>1000 | ']);
  });

  it('distributes shared filters into every branch', () => {
    expect(branches('(level:fatal OR is:unresolved) times_seen:>100')).toEqual([
      'level:fatal times_seen:>100 | ',
      'is:unresolved times_seen:>100 | ',
    ]);
  });

  it('keeps a branch residual when only Sentry can run the other branch', () => {
    const result = plan('is:for_review OR frame:billing');
    expect(result.strategy).toBe('fan-out');
    expect(branches('is:for_review OR frame:billing')).toEqual(['is:for_review | ', ' | frame:billing']);
    expect(result.branches.map((b) => b.needsFrames)).toEqual([false, true]);
    expect(result.needsFrames).toBe(true);
  });

  it('answers with the loosest branch alone when it is exact and contains the others', () => {
    expect(branches('is:unresolved OR is:unresolved level:fatal')).toEqual(['is:unresolved | ']);
  });
});

describe('planSearch (c): the expressible conjunction goes upstream, Dexter evaluates the rest', () => {
  it('sends the filters around a frame search and keeps the frame search', () => {
    const result = plan('is:unresolved frame:billing level:error');
    expect(result.strategy).toBe('residual');
    expect(branches('is:unresolved frame:billing level:error')).toEqual([
      'is:unresolved level:error | frame:billing',
    ]);
    expect(result.needsFrames).toBe(true);
  });

  it('scans once instead of fanning out when one branch would scan everything anyway', () => {
    const result = plan('level:fatal OR frame:billing OR release:1.0');
    expect(result.strategy).toBe('residual');
    expect(branches('level:fatal OR frame:billing OR release:1.0')).toEqual([
      ' | level:fatal OR frame:billing OR release:1.0',
    ]);
    expect(result).toMatchObject({ needsFrames: true, needsTags: true });
  });

  it('factors out the filters every branch shares before scanning', () => {
    expect(branches('is:unresolved (level:fatal OR frame:billing)')).toEqual([
      'is:unresolved | level:fatal OR frame:billing',
    ]);
  });

  it('keeps negated free text and negated exact dates for Dexter', () => {
    expect(branches('is:unresolved !(timeout)')).toEqual(['is:unresolved | !(timeout)']);
    expect(branches('!lastSeen:2026-11-01 level:error')).toEqual(['level:error | !lastSeen:2026-11-01']);
    expect(branches('culprit:*vendor* level:[a*, b]')).toEqual([' | culprit:*vendor* level:[a*, b]']);
  });

  it('past the fan-out bound, sends the top-level filters and evaluates the rest', () => {
    const query = '(a:1 OR b:1) (c:1 OR d:1) (e:1 OR f:1) (g:1 OR h:1) is:unresolved';
    expect(branches(query)).toEqual(['is:unresolved | (a:1 OR b:1) (c:1 OR d:1) (e:1 OR f:1) (g:1 OR h:1)']);
    expect(plan(query).needsTags).toBe(true);
    expect(branches('level:fatal OR times_seen:>1000', { maxFanOut: 1 })).toEqual([
      ' | level:fatal OR times_seen:>1000',
    ]);
  });

  it('refuses, naming the position, a Sentry-only filter it can neither send nor evaluate', () => {
    const result = planSearch(ast('(is:for_review OR a:1) (b:1 OR c:1) (d:1 OR e:1) (f:1 OR g:1)'));
    expect(result).toMatchObject({ ok: false, error: { position: 1 } });
    if (!result.ok) expect(result.error.expected).toContain('at most 8 OR branches');
  });
});

describe('planSearch with the built-in store upstream', () => {
  const store = { upstream: builtInStoreUpstream };

  it('sends what the store reads as Dexter does', () => {
    expect(
      branches('is:unresolved environment:prod times_seen:>10 level:[error, fatal] release:1.*', store),
    ).toEqual(['is:unresolved environment:prod times_seen:>10 level:[error, fatal] release:1.* | ']);
    expect(branches('!lastSeen:-24h age:>2026-11-01 "db timeout"', store)).toEqual([
      '!lastSeen:-24h firstSeen:>2026-11-01 "db timeout" | ',
    ]);
    expect(branches('!times_seen:>10 tags[x]:["a,b", c] 1abc:"x y"', store)).toEqual([
      '!times_seen:>10 tags[x]:["a,b", c] 1abc:"x y" | ',
    ]);
  });

  it('evaluates in Dexter what the store would misread', () => {
    const query = 'project:shop title:*db* lastSeen:2026-11-01 times_seen:[1, 2] timeout*';
    expect(branches(query, store)).toEqual([
      ' | project:shop title:*db* lastSeen:2026-11-01 times_seen:[1, 2] timeout*',
    ]);
    expect(plan('tags[x]:a\\*b level:error', store)).toMatchObject({
      strategy: 'residual',
      branches: [{ upstreamQuery: 'level:error', needsTags: true }],
    });
  });

  it('refuses a filter only Sentry evaluates, pointing at it', () => {
    const result = planSearch(ast('level:error release:latest'), store);
    expect(result).toMatchObject({ ok: false, error: { position: 12 } });
    if (!result.ok) expect(result.error.expected).toContain('a filter the built-in store can run');
  });
});
