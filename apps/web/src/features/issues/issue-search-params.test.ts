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
    });
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

describe('toIssueListQuery', () => {
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

  it.each([{ level: 'error' as const }, { projects: ['1'] }, { text: 'x' }])('is true with %j', (patch) => {
    expect(hasNarrowingFilters(filters(patch))).toBe(true);
  });
});
