import { describe, expect, it } from 'vitest';
import {
  composeSentryQuery,
  DEFAULT_FILTERS,
  hasNarrowingFilters,
  type IssueStreamFilters,
  parseIssueSearchParams,
  toIssueListQuery,
  toIssueSearchParams,
} from './issue-search-params';

const parse = (search: string) => parseIssueSearchParams(new URLSearchParams(search));
const filters = (patch: Partial<IssueStreamFilters>): IssueStreamFilters => ({
  ...DEFAULT_FILTERS,
  ...patch,
});

describe('parseIssueSearchParams', () => {
  it('gives the default stream (unresolved, by last seen) for an empty URL', () => {
    expect(parse('')).toEqual(DEFAULT_FILTERS);
  });

  it('reads every filter', () => {
    expect(parse('status=resolved&level=error&project=2&project=1&query=%20TypeError%20&sort=freq')).toEqual({
      status: 'resolved',
      level: 'error',
      projects: ['1', '2'],
      text: 'TypeError',
      sort: 'freq',
      period: null,
      start: null,
      end: null,
      environments: [],
      release: null,
    });
  });

  it('reads the scope: a preset period, environments (sorted, unique) and a release', () => {
    expect(
      parse(
        'statsPeriod=7d&environment=staging&environment=production&environment=staging&release=shop%401.5.0',
      ),
    ).toMatchObject({
      period: '7d',
      start: null,
      environments: ['production', 'staging'],
      release: 'shop@1.5.0',
    });
  });

  it('reads a custom range in whole seconds, and drops one that ends before it starts', () => {
    expect(parse('start=2026-12-01T10:00:00.500Z&end=2026-12-02T10:00:00Z')).toMatchObject({
      period: null,
      start: '2026-12-01T10:00:00Z',
      end: '2026-12-02T10:00:00Z',
    });
    expect(parse('start=2026-12-02T10:00:00Z&end=2026-12-01T10:00:00Z')).toMatchObject({
      start: null,
      end: null,
    });
    expect(parse('statsPeriod=5y&start=garbage')).toMatchObject({ period: null, start: null });
  });

  it('falls back to defaults for values it does not know', () => {
    expect(parse('status=deleted&level=loud&sort=random')).toEqual(DEFAULT_FILTERS);
  });

  it('sorts and de-duplicates projects so equal filters make equal query keys', () => {
    expect(parse('project=3&project=1&project=3&project=').projects).toEqual(['1', '3']);
  });
});

describe('toIssueSearchParams', () => {
  it('leaves defaults out of the URL', () => {
    expect(toIssueSearchParams(DEFAULT_FILTERS).toString()).toBe('');
  });

  it('round-trips through parseIssueSearchParams', () => {
    const original = filters({
      status: 'all',
      level: 'warning',
      projects: ['7', '9'],
      text: 'db timeout',
      sort: 'user',
      environments: ['production'],
      release: 'my app 1.0',
      start: '2026-12-01T10:00:00Z',
      end: '2026-12-02T10:00:00Z',
    });
    expect(parseIssueSearchParams(toIssueSearchParams(original))).toEqual(original);
  });
});

describe('composeSentryQuery', () => {
  it('starts with the status, then the level, then the free text', () => {
    expect(composeSentryQuery(filters({ level: 'error', text: 'timeout' }))).toBe(
      'is:unresolved level:error timeout',
    );
  });

  it('adds no status term for "all"', () => {
    expect(composeSentryQuery(filters({ status: 'all', text: 'x' }))).toBe('x');
  });

  it('keeps an OR in the text from escaping the status filter', () => {
    expect(composeSentryQuery(filters({ text: 'level:fatal OR release:1.0' }))).toBe(
      'is:unresolved (level:fatal OR release:1.0)',
    );
    expect(composeSentryQuery(filters({ status: 'all', text: 'a OR b' }))).toBe('a OR b');
    expect(composeSentryQuery(filters({ text: 'ORDER error' }))).toBe('is:unresolved ORDER error');
  });
});

describe('composeSentryQuery: the scope as search terms', () => {
  it('writes environments, release and a preset period before the text', () => {
    expect(
      composeSentryQuery(
        filters({ environments: ['production', 'qa env'], release: 'shop@1.5.0', period: '24h', text: 'x' }),
      ),
    ).toBe('is:unresolved environment:[production, "qa env"] release:shop@1.5.0 lastSeen:-24h x');
  });

  it('writes a custom range as last seen after its start and first seen before its end', () => {
    expect(
      composeSentryQuery(
        filters({ status: 'all', start: '2026-12-01T10:00:00Z', end: '2026-12-02T10:00:00Z' }),
      ),
    ).toBe('lastSeen:>=2026-12-01T10:00:00Z firstSeen:<=2026-12-02T10:00:00Z');
  });
});

describe('toIssueListQuery', () => {
  it('sends the range as statsPeriod with sparklines over it, and the environments as a parameter', () => {
    expect(toIssueListQuery(filters({ period: '7d', environments: ['production'] }))).toMatchObject({
      statsPeriod: '7d',
      groupStatsPeriod: 'auto',
      environment: ['production'],
    });
    const now = Date.parse('2026-12-03T10:30:00Z');
    expect(toIssueListQuery(filters({ start: '2026-12-01T10:00:00Z' }), now)).toMatchObject({
      statsPeriod: '49h',
      groupStatsPeriod: 'auto',
    });
    expect(toIssueListQuery(DEFAULT_FILTERS)).not.toHaveProperty('statsPeriod');
  });

  it('always sends query, empty for "all", because Sentry reads a missing query as is:unresolved', () => {
    expect(toIssueListQuery(filters({ status: 'all' }))).toEqual({ query: '', sort: 'date' });
  });

  it('passes projects as a list of ids', () => {
    expect(toIssueListQuery(filters({ projects: ['1', '2'], sort: 'new' }))).toEqual({
      query: 'is:unresolved',
      sort: 'new',
      project: ['1', '2'],
    });
  });
});

describe('hasNarrowingFilters', () => {
  it('is false for a status alone, so the empty state can say the stream is simply empty', () => {
    expect(hasNarrowingFilters(filters({ status: 'resolved', sort: 'freq' }))).toBe(false);
  });

  it.each([
    { level: 'error' as const },
    { projects: ['1'] },
    { text: 'x' },
    { period: '1h' as const },
    { environments: ['production'] },
    { release: '1.0' },
  ])('is true with %j', (patch) => {
    expect(hasNarrowingFilters(filters(patch))).toBe(true);
  });
});
