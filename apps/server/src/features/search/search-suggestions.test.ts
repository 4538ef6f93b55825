import { describe, expect, it } from 'vitest';
import { applyOperator, applySuggestion, suggestSearch } from './search-suggestions';

const TAG_KEYS = ['browser', 'browser.name', 'user.email', 'level', 'server_name'];

describe('suggestSearch', () => {
  it('offers built-in keys, then tag keys, by prefix', () => {
    const result = suggestSearch('is:unresolved bro', 17, { tagKeys: TAG_KEYS });
    expect(result.context).toEqual({ kind: 'key', prefix: 'bro', start: 14, end: 17 });
    expect(result.keys.map((k) => k.key)).toEqual(['browser', 'browser.name']);
    expect(result.keys.every((k) => !k.builtIn)).toBe(true);
  });

  it('matches aliases, ignores case and drops tag keys that shadow built-ins', () => {
    const keys = suggestSearch('AG', 2, { tagKeys: TAG_KEYS }).keys;
    expect(keys).toEqual([{ key: 'age', description: expect.stringContaining('First seen'), builtIn: true }]);
    const levels = suggestSearch('lev', 3, { tagKeys: TAG_KEYS }).keys;
    expect(levels.map((k) => [k.key, k.builtIn])).toEqual([['level', true]]);
  });

  it('offers every key on an empty prefix, capped by the limit', () => {
    expect(suggestSearch('', 0, { limit: 3 }).keys.map((k) => k.key)).toEqual(['is', 'has', 'assigned']);
  });

  it('reads the key after a negation, a parenthesis or an operator', () => {
    expect(suggestSearch('!fra', 4).context).toEqual({ kind: 'key', prefix: 'fra', start: 1, end: 4 });
    expect(suggestSearch('a OR (tim', 9).keys.map((k) => k.key)).toEqual(['times_seen']);
  });

  it('offers the values of is: with the prefix typed so far', () => {
    const result = suggestSearch('level:error is:un', 17);
    expect(result.context).toEqual({ kind: 'value', key: 'is', prefix: 'un', start: 15, end: 17 });
    expect(result.values).toEqual(['unresolved', 'unassigned', 'unlinked']);
    expect(result.tagValuesFor).toBeNull();
  });

  it('names the tag to fetch values for, for tags, release and environment', () => {
    expect(suggestSearch('browser.name:Chr', 16).tagValuesFor).toBe('browser.name');
    expect(suggestSearch('release:', 8)).toMatchObject({ values: ['latest'], tagValuesFor: 'release' });
    expect(suggestSearch('first-release:1.', 16).tagValuesFor).toBe('release');
    expect(suggestSearch('environment:pr', 14).tagValuesFor).toBe('environment');
    expect(suggestSearch('tags[sentry:user]:id', 20)).toMatchObject({
      context: { kind: 'value', key: 'sentry:user', prefix: 'id' },
      tagValuesFor: 'sentry:user',
    });
  });

  it('reads the value inside a list, an open quote or after a comparison', () => {
    expect(suggestSearch('level:[error, fa', 16)).toMatchObject({
      context: { kind: 'value', key: 'level', prefix: 'fa', start: 14 },
      values: ['fatal'],
    });
    expect(suggestSearch('browser:"Chrome 1', 17).context).toEqual({
      kind: 'value',
      key: 'browser',
      prefix: 'Chrome 1',
      start: 9,
      end: 17,
    });
    expect(suggestSearch('lastSeen:-', 10).values).toEqual(['-1h', '-24h', '-7d', '-30d']);
  });

  it('offers key names as the values of has:', () => {
    expect(suggestSearch('has:user', 8, { tagKeys: TAG_KEYS }).values).toEqual(['user.email']);
  });

  it('uses the token under the cursor, not the end of the query', () => {
    const result = suggestSearch('is:res level:error', 5);
    expect(result.context).toEqual({ kind: 'value', key: 'is', prefix: 're', start: 3, end: 6 });
    expect(result.values).toEqual(['resolved', 'reprocessing', 'regressed']);
  });
});

describe('operator suggestions', () => {
  it('offers comparisons right after the key of a number or date, not after one is typed', () => {
    expect(suggestSearch('times_seen:', 11).operators.map((op) => op.operator)).toEqual([
      '>',
      '>=',
      '<',
      '<=',
    ]);
    expect(suggestSearch('age:', 4).operators).toHaveLength(4);
    expect(suggestSearch('times_seen:>', 12).operators).toEqual([]);
    expect(suggestSearch('times_seen:1', 12).operators).toEqual([]);
    expect(suggestSearch('release:', 8).operators).toEqual([]);
  });

  it('offers AND / OR after a term once their letters are typed, never at the start', () => {
    expect(suggestSearch('level:error O', 13).operators.map((op) => op.operator)).toEqual(['OR']);
    expect(suggestSearch('level:error A', 13).operators.map((op) => op.operator)).toEqual(['AND']);
    expect(suggestSearch('O', 1).operators).toEqual([]);
    expect(suggestSearch('(O', 2).operators).toEqual([]);
    expect(suggestSearch('level:error OR', 14).operators).toEqual([]);
  });

  it('puts a comparison glued to the value and a boolean with a space after it', () => {
    const query = 'times_seen: level:error';
    expect(applyOperator(query, suggestSearch(query, 11).context, '>=')).toEqual({
      query: 'times_seen:>= level:error',
      cursor: 13,
    });
    const both = 'level:error O';
    expect(applyOperator(both, suggestSearch(both, 13).context, 'OR')).toEqual({
      query: 'level:error OR ',
      cursor: 15,
    });
  });
});

describe('applySuggestion', () => {
  it('puts a key in place with its colon and leaves the cursor after it', () => {
    const context = suggestSearch('is:unresolved bro x', 17).context;
    expect(applySuggestion('is:unresolved bro x', context, 'browser')).toEqual({
      query: 'is:unresolved browser: x',
      cursor: 22,
    });
  });

  it('puts a value in place, quoting it when needed, and moves past it', () => {
    const query = 'browser:"Chr level:error';
    const context = suggestSearch(query, 12).context;
    expect(applySuggestion(query, context, 'Chrome 120')).toEqual({
      query: 'browser:"Chrome 120" level:error',
      cursor: 21,
    });
    const listQuery = 'level:[error, fa]';
    expect(applySuggestion(listQuery, suggestSearch(listQuery, 16).context, 'fatal')).toEqual({
      query: 'level:[error, fatal]',
      cursor: 19,
    });
  });
});
