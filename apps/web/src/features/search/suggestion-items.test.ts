import type { SearchSuggestion } from '@dexter/contracts';
import { describe, expect, it } from 'vitest';
import { moveHighlight, suggestionItems } from './suggestion-items';

const key: SearchSuggestion = {
  kind: 'key',
  text: 'release',
  description: 'Release',
  apply: { query: 'release:', cursor: 8 },
};

describe('suggestionItems', () => {
  it('lists every recent search for an empty box, then the server suggestions', () => {
    const items = suggestionItems('', ['a', 'b', 'c', 'd'], [key]);
    expect(items.map((item) => [item.kind, item.text])).toEqual([
      ['recent', 'a'],
      ['recent', 'b'],
      ['recent', 'c'],
      ['recent', 'd'],
      ['key', 'release'],
    ]);
    expect(items[0]?.apply).toEqual({ query: 'a', cursor: 1 });
  });

  it('keeps at most three recent searches once something is typed', () => {
    const items = suggestionItems('re', ['r1', 'r2', 'r3', 'r4'], [key]);
    expect(items.filter((item) => item.kind === 'recent')).toHaveLength(3);
  });
});

describe('moveHighlight', () => {
  it('starts at the first or last row and wraps around', () => {
    expect(moveHighlight(-1, 3, 1)).toBe(0);
    expect(moveHighlight(-1, 3, -1)).toBe(2);
    expect(moveHighlight(2, 3, 1)).toBe(0);
    expect(moveHighlight(0, 3, -1)).toBe(2);
    expect(moveHighlight(0, 0, 1)).toBe(-1);
  });
});
