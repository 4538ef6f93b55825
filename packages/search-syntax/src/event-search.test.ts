import { describe, expect, it } from 'vitest';
import { eventSearchOf } from './event-search';
import { parseSearch } from './search-parser';
import { printSearch } from './search-print';

const eventSearch = (query: string) => {
  const parsed = parseSearch(query);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return printSearch(eventSearchOf(parsed.ast));
};

describe('an issue search as an event search', () => {
  it('keeps event conditions and drops the ones about issues', () => {
    expect(eventSearch('is:unresolved assigned:me level:error release:1.*')).toBe('level:error release:1.*');
    expect(eventSearch('is:unresolved timeout')).toBe('timeout');
    expect(eventSearch('is:unresolved firstSeen:-7d')).toBe('');
    expect(eventSearch('tags[is]:x browser:Chrome')).toBe('tags[is]:x browser:Chrome');
  });

  it('drops an OR that holds an issue condition, since it could match any event', () => {
    expect(eventSearch('(is:resolved OR level:error) environment:prod')).toBe('environment:prod');
    expect(eventSearch('(level:fatal OR level:error) !(browser:Safari)')).toBe(
      '(level:fatal OR level:error) !(browser:Safari)',
    );
  });
});
