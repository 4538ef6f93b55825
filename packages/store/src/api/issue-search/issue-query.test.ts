import { describe, expect, it } from 'vitest';
import { ApiError } from '../api-error';
import { parseIssueQuery } from './issue-query';

const NOW = Date.parse('2026-03-10T12:00:00Z');
const HOUR = 3_600_000;
const parse = (query: string) => parseIssueQuery(query, NOW);
const problem = (query: string) => {
  try {
    parse(query);
  } catch (error) {
    if (error instanceof ApiError) return { status: error.status, detail: error.detail };
    throw error;
  }
  throw new Error(`"${query}" parsed without error`);
};

describe('parseIssueQuery', () => {
  it('splits status, key:value terms, negation, quoted values and free text', () => {
    expect(parse('is:unresolved level:error !environment:staging release:"1.0 beta" db "timed out"')).toEqual(
      {
        filters: [
          { kind: 'status', values: ['unresolved'], negated: false },
          { kind: 'field', field: 'level', values: ['error'], negated: false },
          { kind: 'tag', key: 'environment', values: ['staging'], negated: true },
          { kind: 'tag', key: 'release', values: ['1.0 beta'], negated: false },
        ],
        text: ['db', 'timed out'],
      },
    );
  });

  it('maps archived to ignored, reads several statuses as either, and refuses unknown ones', () => {
    expect(parse('is:archived').filters).toEqual([{ kind: 'status', values: ['ignored'], negated: false }]);
    expect(parse('is:unresolved is:ignored').filters).toEqual([
      { kind: 'status', values: ['unresolved', 'ignored'], negated: false },
    ]);
    expect(() => parse('is:sleeping')).toThrow(ApiError);
    expect(() => parse('level:')).toThrow(/Empty value/);
  });

  it('reads substatus, assignment and bookmark forms of is:', () => {
    expect(parse('is:regressed is:assigned is:unassigned is:bookmarked').filters).toEqual([
      { kind: 'substatus', values: ['regressed'], negated: false },
      { kind: 'assigned', values: ['none'], negated: true },
      { kind: 'assigned', values: ['none'], negated: false },
      { kind: 'bookmarks', values: ['me'], negated: false },
    ]);
  });

  it('reads assignee lists, bookmarks, user attributes, has: and tags[] keys', () => {
    expect(
      parse('assigned:[me, #triage, none] bookmarks:me user.email:a@b.c !has:url tags[level]:x').filters,
    ).toEqual([
      { kind: 'assigned', values: ['me', '#triage', 'none'], negated: false },
      { kind: 'bookmarks', values: ['me'], negated: false },
      { kind: 'user', attribute: 'email', values: ['a@b.c'], negated: false },
      { kind: 'has', key: 'url', negated: true },
      { kind: 'tag', key: 'level', values: ['x'], negated: false },
    ]);
  });

  it('compares times_seen with k suffixes', () => {
    expect(parse('times_seen:>10 times_seen:<=1.5k').filters).toEqual([
      { kind: 'times_seen', op: '>', value: 10 },
      { kind: 'times_seen', op: '<=', value: 1500 },
    ]);
  });

  it('reads relative dates: - is within, + is older than', () => {
    expect(parse('firstSeen:-24h lastSeen:+7d age:-30m').filters).toEqual([
      { kind: 'date', field: 'first_seen', op: '>=', value: NOW - 24 * HOUR },
      { kind: 'date', field: 'last_seen', op: '<=', value: NOW - 7 * 24 * HOUR },
      { kind: 'date', field: 'first_seen', op: '>=', value: NOW - HOUR / 2 },
    ]);
  });

  it('reads compared ISO dates as UTC', () => {
    expect(parse('lastSeen:>2026-03-01 firstSeen:<=2026-03-02T10:00:00').filters).toEqual([
      { kind: 'date', field: 'last_seen', op: '>', value: Date.parse('2026-03-01T00:00:00Z') },
      { kind: 'date', field: 'first_seen', op: '<=', value: Date.parse('2026-03-02T10:00:00Z') },
    ]);
  });

  it('reads the AST of the shared grammar: aliases, !=, AND, grouping parentheses and quoted list items', () => {
    expect(parse('timesSeen:>=2 assigned_to:me level:!=info (a AND "b c") tags[x]:["1,2", 3]')).toEqual({
      filters: [
        { kind: 'times_seen', op: '>=', value: 2 },
        { kind: 'assigned', values: ['me'], negated: false },
        { kind: 'field', field: 'level', values: ['info'], negated: true },
        { kind: 'tag', key: 'x', values: ['1,2', '3'], negated: false },
      ],
      text: ['a', 'b c'],
    });
  });

  it('flips the comparison of a negated number or date', () => {
    expect(parse('!times_seen:>10 times_seen:!=3 !lastSeen:-24h !firstSeen:2026-03-01').filters).toEqual([
      { kind: 'times_seen', op: '<=', value: 10 },
      { kind: 'times_seen', op: '!=', value: 3 },
      { kind: 'date', field: 'last_seen', op: '<', value: NOW - 24 * HOUR },
      { kind: 'date', field: 'first_seen', op: '<', value: Date.parse('2026-03-01T00:00:00Z') },
    ]);
  });

  it.each([
    ['!(level:error)', 'Negated groups "!( … )" are not supported'],
    ['level:error)', 'expected a matching "(" for this ")" at position 11'],
    ['"x"y', 'expected a space after the closing quote at position 3'],
    ['is:[resolved, ignored]', 'expected a single value after "is:" (no list) at position 3'],
    ['level:[error,]', 'Empty value in the list for "level"'],
    ['is:reprocessing', 'Invalid value for "is" search parameter: reprocessing'],
    ['lastSeen:>-24h', 'expected a relative date without an operator ("lastSeen:-24h") at position 9'],
  ])('refuses %s as the grammar or the store words it', (query, message) => {
    expect(problem(query)).toEqual({ status: 400, detail: expect.stringContaining(message) });
  });

  it.each([
    ['times_seen:>lots', 'Invalid number for "times_seen"'],
    ['firstSeen:yesterday', 'Invalid date for "firstSeen"'],
    ['age:>2026-01-01', 'Invalid value for "age"'],
    ['release:"1.0', 'Unterminated quoted value'],
    ['level:[error, fatal', 'Unterminated list for "level"'],
    ['level:>error', 'Invalid operator ">" for "level"'],
    ['level:error OR level:fatal', 'Boolean statements containing "OR" or "AND"'],
  ])('refuses %s with a 400 naming the problem', (query, message) => {
    const error = problem(query);
    expect(error.status).toBe(400);
    expect(error.detail).toMatch(/^Error parsing search query: /);
    expect(error.detail).toContain(message);
  });
});
