import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTERS } from '../issues/issue-search-params';
import { filtersFromView, viewInputFromFilters } from './saved-view-filters';

describe('saved view filters', () => {
  it('round-trips the stream filters through a saved view', () => {
    const filters = {
      ...DEFAULT_FILTERS,
      status: 'ignored' as const,
      level: 'error' as const,
      projects: ['2', '7'],
      text: 'TypeError release:1.2',
      sort: 'freq' as const,
    };
    const input = viewInputFromFilters('Mine', filters, true);
    expect(input.query).toBe('is:ignored level:error TypeError release:1.2');
    expect(filtersFromView({ query: input.query, sort: 'freq', projects: filters.projects })).toEqual(
      filters,
    );
  });

  it('reads a query without is: as every status', () => {
    expect(filtersFromView({ query: 'timeout', sort: 'date', projects: [] })).toEqual({
      ...DEFAULT_FILTERS,
      status: 'all',
      text: 'timeout',
    });
  });

  it('keeps terms the controls cannot show as free text, and falls back to date for scored sorts', () => {
    const filters = filtersFromView({
      query: 'is:unresolved is:resolved level:bogus',
      sort: 'trends',
      projects: [],
    });
    expect(filters).toMatchObject({
      status: 'unresolved',
      level: null,
      text: 'is:resolved level:bogus',
      sort: 'date',
    });
  });
});
