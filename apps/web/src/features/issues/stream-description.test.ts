import { describe, expect, it } from 'vitest';
import { fromLocalInput, rangeLabel, toLocalInput } from './date-range';
import { DEFAULT_FILTERS, type IssueStreamFilters } from './issue-search-params';
import { describeCount, describeStream, streamTitle } from './stream-description';

const filters = (patch: Partial<IssueStreamFilters>): IssueStreamFilters => ({
  ...DEFAULT_FILTERS,
  ...patch,
});

describe('describeCount: a count always says what it counts', () => {
  it('names the status and the plural', () => {
    expect(describeCount(DEFAULT_FILTERS, { hits: 1234, loaded: 50, more: true })).toBe(
      '1,234 unresolved issues',
    );
    expect(describeCount(filters({ status: 'all' }), { hits: 1, loaded: 1, more: false })).toBe('1 issue');
  });

  it('names every filter in reading order', () => {
    const text = describeCount(
      filters({
        level: 'error',
        projects: ['2'],
        environments: ['production', 'staging'],
        release: 'shop@1.5.0',
        text: 'timeout',
        period: '24h',
      }),
      { hits: 12, loaded: 12, more: false },
      [{ id: '2', slug: 'checkout' }],
    );
    expect(text).toBe(
      '12 unresolved issues of level error in checkout in production and staging of release shop@1.5.0 matching “timeout”, seen in the last 24 hours',
    );
  });

  it('says "at least" when only the loaded rows are known and more follow', () => {
    expect(describeCount(filters({ text: 'x' }), { hits: null, loaded: 50, more: true })).toBe(
      'At least 50 unresolved issues matching “x”',
    );
    expect(describeCount(filters({ text: 'x' }), { hits: null, loaded: 3, more: false })).toBe(
      '3 unresolved issues matching “x”',
    );
  });

  it('describes a custom range, open-ended or closed', () => {
    expect(describeStream(filters({ start: '2026-12-01T10:00:00Z' }), 2)).toMatch(
      /^unresolved issues, seen since /,
    );
    expect(
      describeStream(filters({ start: '2026-12-01T10:00:00Z', end: '2026-12-02T10:00:00Z' }), 2),
    ).toMatch(/^unresolved issues, seen between .+ and .+$/);
  });
});

describe('streamTitle', () => {
  it("is a saved view's name when the stream is one", () => {
    expect(streamTitle(DEFAULT_FILTERS, 'dexter', 'Checkout errors')).toBe(
      'Checkout errors · dexter · Dexter',
    );
  });

  it('otherwise says what the stream shows', () => {
    expect(streamTitle(filters({ environments: ['production'], period: '7d' }), 'dexter', null)).toBe(
      'Unresolved issues in production, last 7 days · dexter · Dexter',
    );
  });
});

describe('date range forms', () => {
  it('labels presets, any time and custom ranges', () => {
    expect(rangeLabel({ period: '1h', start: null, end: null })).toBe('Last hour');
    expect(rangeLabel({ period: '30d', start: null, end: null })).toBe('Last 30 days');
    expect(rangeLabel({ period: null, start: null, end: null })).toBe('Any time');
    expect(rangeLabel({ period: null, start: '2026-12-01T10:00:00Z', end: null })).toMatch(/ – now$/);
  });

  it('round-trips an instant through the datetime-local form (local time, minutes)', () => {
    const iso = '2026-12-01T10:30:00Z';
    expect(toLocalInput(iso)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    expect(fromLocalInput(toLocalInput(iso))).toBe(iso);
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('not a date')).toBeNull();
  });
});
