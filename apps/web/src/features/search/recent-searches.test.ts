import { describe, expect, it } from 'vitest';
import { MAX_RECENT_SEARCHES, matchingRecentSearches, withRecentSearch } from './recent-searches';

describe('recent searches', () => {
  it('puts the newest first, without duplicates or blanks, and keeps a bounded list', () => {
    let list: string[] = [];
    list = withRecentSearch(list, 'level:error');
    list = withRecentSearch(list, ' release:1.0 ');
    list = withRecentSearch(list, 'level:error');
    list = withRecentSearch(list, '   ');
    expect(list).toEqual(['level:error', 'release:1.0']);
    for (let i = 0; i < 20; i++) list = withRecentSearch(list, `q${i}`);
    expect(list).toHaveLength(MAX_RECENT_SEARCHES);
    expect(list[0]).toBe('q19');
  });

  it('offers those that start with what is typed, not the one already in the box', () => {
    const list = ['level:error', 'level:fatal', 'release:1.0'];
    expect(matchingRecentSearches(list, '')).toEqual(list);
    expect(matchingRecentSearches(list, 'LEVEL')).toEqual(['level:error', 'level:fatal']);
    expect(matchingRecentSearches(list, 'level:error')).toEqual([]);
  });
});
