import { describe, expect, it } from 'vitest';
import type { SearchErrorReason, SearchNode } from './search-ast';
import { parseSearch } from './search-parser';
import { printSearch } from './search-print';

/** The tree without spans, to compare a parse with the parse of its printout. */
function shape(node: SearchNode | null): unknown {
  return JSON.parse(JSON.stringify(node, (key, value) => (key === 'span' ? undefined : value)));
}

function parsed(query: string): SearchNode | null {
  const result = parseSearch(query);
  if (!result.ok) throw new Error(`unexpected error for ${query}: ${result.error.message}`);
  return result.ast;
}

// [query, normalized printout]
const VALID: [string, string][] = [
  ['', ''],
  ['   ', ''],
  ['is:unresolved', 'is:unresolved'],
  ['!is:resolved', '!is:resolved'],
  ['is:unresolved level:error', 'is:unresolved level:error'],
  ['is:for_review', 'is:for_review'],
  ['is:bookmarked', 'is:bookmarked'],
  ['example error', 'example error'],
  ['  spaced   words  ', 'spaced words'],
  ['"timed out"', '"timed out"'],
  ['times_seen:>100', 'times_seen:>100'],
  ['timesSeen:>=1.5k', 'timesSeen:>=1.5k'],
  ['times_seen:<=10', 'times_seen:<=10'],
  ['times_seen:!=3', 'times_seen:!=3'],
  ['times_seen:[1,2]', 'times_seen:[1, 2]'],
  ['lastSeen:-24h', 'lastSeen:-24h'],
  ['lastSeen:+7d', 'lastSeen:+7d'],
  ['age:-1w', 'age:-1w'],
  ['firstSeen:>=2026-11-01', 'firstSeen:>=2026-11-01'],
  ['lastSeen:<2026-11-01T12:00:00Z', 'lastSeen:<2026-11-01T12:00:00Z'],
  ['firstSeen:2026-11-01', 'firstSeen:2026-11-01'],
  ['lastSeen:2026-11-01T12:00:00.123+02:00', 'lastSeen:2026-11-01T12:00:00.123+02:00'],
  ['assigned:me', 'assigned:me'],
  ['assigned:#backend', 'assigned:#backend'],
  ['!assigned:none', '!assigned:none'],
  ['bookmarks:me', 'bookmarks:me'],
  ['release:1.0.0', 'release:1.0.0'],
  ['release:"my app 1.0"', 'release:"my app 1.0"'],
  ['release:"1.0"', 'release:1.0'],
  ['environment:[production, "staging eu"]', 'environment:[production, "staging eu"]'],
  ['user.email:jane@example.com', 'user.email:jane@example.com'],
  ['browser.name:"Chrome 120*"', 'browser.name:"Chrome 120*"'],
  ['tags[sentry:user]:id:42', 'tags[sentry:user]:id:42'],
  ['tags[level]:custom', 'tags[level]:custom'],
  ['has:user', 'has:user'],
  ['!has:release', '!has:release'],
  ['level:!=error', 'level:!=error'],
  ['release:"="', 'release:"="'],
  ['message:"a \\"quoted\\" word"', 'message:"a \\"quoted\\" word"'],
  ['level:error OR level:fatal', 'level:error OR level:fatal'],
  ['x OR y OR z', 'x OR y OR z'],
  ['level:error OR frame:handler', 'level:error OR frame:handler'],
  [
    '(level:error OR level:fatal) frame.function:handle*',
    '(level:error OR level:fatal) frame.function:handle*',
  ],
  ['a b OR c', 'a b OR c'],
  ['a (b OR c) d', 'a (b OR c) d'],
  ['a AND b', 'a AND b'],
  ['level:error AND is:unresolved', 'level:error is:unresolved'],
  ['((level:error))', 'level:error'],
  ['!(level:error OR level:fatal)', '!(level:error OR level:fatal)'],
  ['!(timeout) is:unresolved', '!(timeout) is:unresolved'],
  ['frame:views.py', 'frame:views.py'],
  ['frame.module:app.services.*', 'frame.module:app.services.*'],
  ['frame.filename:C:\\app\\main.cs', 'frame.filename:C:\\app\\main.cs'],
  ['foo(a, b) bar', 'foo(a, b) bar'],
  ['frame.function:handle(req)', 'frame.function:handle(req)'],
  ['level:error or warning', 'level:error or warning'],
  ['error.unhandled:true', 'error.unhandled:true'],
  ['issue.priority:[high, medium]', 'issue.priority:[high, medium]'],
  [
    'is:unresolved !(frame:vendor OR culprit:*node_modules*) times_seen:>10',
    'is:unresolved !(frame:vendor OR culprit:*node_modules*) times_seen:>10',
  ],
  ['http://example.com/a', 'http://example.com/a'],
];

describe('parseSearch: valid queries', () => {
  it.each(VALID)('reads %j and prints it back as %j', (query, printed) => {
    const ast = parsed(query);
    expect(printSearch(ast)).toBe(printed);
    expect(shape(parsed(printSearch(ast)))).toEqual(shape(ast));
  });

  it('has a table of at least 40 valid queries', () => {
    expect(VALID.length).toBeGreaterThanOrEqual(40);
  });

  it('binds AND tighter than OR and joins bare words into one phrase', () => {
    expect(shape(parsed('is:unresolved example error OR "db timeout"'))).toEqual({
      type: 'or',
      children: [
        {
          type: 'and',
          children: [
            {
              type: 'term',
              key: 'is',
              explicitTag: false,
              op: '=',
              value: 'unresolved',
              valueKind: 'text',
              negated: false,
            },
            { type: 'text', value: 'example error', quoted: false },
          ],
        },
        { type: 'text', value: 'db timeout', quoted: true },
      ],
    });
  });

  it('reads a list, a comparison and a relative date with their value kinds', () => {
    expect(shape(parsed('!level:[error, fatal] times_seen:>=1k lastSeen:-24h firstSeen:2026-11-01'))).toEqual(
      {
        type: 'and',
        children: [
          {
            type: 'term',
            key: 'level',
            explicitTag: false,
            op: '=',
            value: ['error', 'fatal'],
            valueKind: 'text',
            negated: true,
          },
          {
            type: 'term',
            key: 'times_seen',
            explicitTag: false,
            op: '>=',
            value: '1k',
            valueKind: 'number',
            negated: false,
          },
          {
            type: 'term',
            key: 'lastSeen',
            explicitTag: false,
            op: '=',
            value: '-24h',
            valueKind: 'relative-date',
            negated: false,
          },
          {
            type: 'term',
            key: 'firstSeen',
            explicitTag: false,
            op: '=',
            value: '2026-11-01',
            valueKind: 'date',
            negated: false,
          },
        ],
      },
    );
  });

  it('reads !( … ) as a not node and records spans', () => {
    const ast = parsed('a !(b OR c)');
    expect(ast).toMatchObject({
      type: 'and',
      children: [
        { type: 'text', value: 'a', span: { start: 0, end: 1 } },
        { type: 'not', span: { start: 2, end: 11 }, child: { type: 'or' } },
      ],
    });
  });

  it('reads a tags[…] key as an explicit tag, even when it names a built-in key', () => {
    expect(parsed('tags[level]:x')).toMatchObject({
      type: 'term',
      key: 'level',
      explicitTag: true,
      value: 'x',
    });
  });
});

// [query, position, fragment of `expected`, reason]
const INVALID: [string, number, string, SearchErrorReason][] = [
  ['(level:error', 0, '")" to close this "("', 'syntax'],
  ['((a)', 0, '")" to close this "("', 'syntax'],
  ['level:error)', 11, 'a matching "(" for this ")"', 'syntax'],
  ['level:', 6, 'a value after "level:"', 'missing-value'],
  ['is:unresolved level: x', 20, 'a value after "level:"', 'missing-value'],
  ['times_seen:>', 12, 'a value after "times_seen:>"', 'missing-value'],
  ['OR level:error', 0, 'a search term before "OR"', 'syntax'],
  ['level:error OR', 14, 'a search term after "OR"', 'syntax'],
  ['level:error AND', 15, 'a search term after "AND"', 'syntax'],
  ['a OR OR b', 5, 'a search term after "OR"', 'syntax'],
  ['(a AND)', 6, 'a search term after "AND"', 'syntax'],
  ['()', 1, 'a search term inside the parentheses', 'syntax'],
  ['!(', 2, 'a search term', 'syntax'],
  ['message:"unterminated', 8, 'a closing quote (")', 'unclosed-quote'],
  ['"abc', 0, 'a closing quote (")', 'unclosed-quote'],
  ['"x"y', 3, 'a space after the closing quote', 'syntax'],
  ['times_seen:>abc', 12, 'a number', 'value'],
  ['times_seen:10x', 11, 'a number', 'value'],
  ['times_seen:[1, two]', 15, 'a number', 'value'],
  ['times_seen:>[1,2]', 12, 'a single value', 'list'],
  ['is:sleeping', 3, 'one of unresolved, resolved', 'value'],
  ['is:[resolved, unresolved]', 3, 'a single value after "is:"', 'list'],
  ['is:>resolved', 3, 'a value without an operator', 'operator'],
  ['has:[user, release]', 4, 'a single value after "has:"', 'list'],
  ['lastSeen:24h', 9, 'a relative date (-24h, +7d) or a date', 'value'],
  ['lastSeen:>-24h', 9, 'a relative date without an operator', 'operator'],
  ['lastSeen:=2026-11-01', 9, '>, >=, < or <=', 'operator'],
  ['lastSeen:2026-13-01', 9, 'a relative date (-24h, +7d) or a date', 'value'],
  ['firstSeen:>=2026-02-30', 12, 'a date (2026-11-01', 'value'],
  ['level:>error', 6, '">" compares numbers and dates only', 'operator'],
  ['level:[error,', 6, 'a "]" to close the list', 'unclosed-list'],
  ['level:[error,]', 13, 'a value in the list', 'missing-list-item'],
  ['level:[]', 7, 'a value in the list', 'missing-list-item'],
  ['level:[error fatal]', 13, '"," or "]"', 'syntax'],
  ['level:[error]x', 13, 'a space after the list', 'syntax'],
  ['error.handled:maybe', 14, 'true, false, 1 or 0', 'value'],
  ['issue.priority:urgent', 15, 'one of high, medium, low', 'value'],
  ['x'.repeat(2001), 2000, 'a query of at most 2000 characters', 'too-long'],
];

describe('parseSearch: invalid queries', () => {
  it.each(INVALID)('refuses %j at position %i, expecting %j (%s)', (query, position, fragment, reason) => {
    const result = parseSearch(query);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.position).toBe(position);
    expect(result.error.reason).toBe(reason);
    expect(result.error.expected).toContain(fragment);
    expect(result.error.message).toBe(`expected ${result.error.expected} at position ${position}`);
  });

  it('has a table of at least 20 invalid queries', () => {
    expect(INVALID.length).toBeGreaterThanOrEqual(20);
  });

  it('words the empty-value error as the API shows it, naming the field', () => {
    expect(parseSearch('level:')).toEqual({
      ok: false,
      error: {
        reason: 'missing-value',
        position: 6,
        field: 'level',
        expected: 'a value after "level:"',
        message: 'expected a value after "level:" at position 6',
      },
    });
  });

  it('names the field as written and the operator or value at fault', () => {
    const errorOf = (query: string) => {
      const result = parseSearch(query);
      return result.ok ? null : { field: result.error.field, found: result.error.found };
    };
    expect(errorOf('is:unresolved times_seen:>lots')).toEqual({ field: 'times_seen', found: 'lots' });
    expect(errorOf('release:1.0 tags[level]:>x')).toEqual({ field: 'tags[level]', found: '>' });
    expect(errorOf('lastSeen:=2026-11-01')).toEqual({ field: 'lastSeen', found: '=' });
    expect(errorOf('environment:[prod, "eu')).toEqual({ field: 'environment', found: undefined });
    expect(errorOf('"x" y)')).toEqual({ field: undefined, found: undefined });
  });

  it('applies a custom maximum length before reading anything', () => {
    expect(parseSearch('level:error', { maxLength: 5 })).toMatchObject({ ok: false, error: { position: 5 } });
    expect(parseSearch('level', { maxLength: 5 }).ok).toBe(true);
  });
});
