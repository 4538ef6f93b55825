/**
 * Splits a search query into tokens with their character positions: parentheses (`!(` opens a
 * negated group), `AND` / `OR` (upper case only, so "error or warning" stays a phrase), filters
 * (`!key:>=value`, `tags[k]:v`, `key:[a, b]`, `key:"quoted"`) and free-text words.
 *
 * Reading rules, after Sentry's grammar (`src/sentry/api/event_search.py`), with the differences
 * called out:
 * - a key is `[A-Za-z0-9_.-]+`, or any of `[A-Za-z0-9_.:-]+` inside `tags[…]`;
 * - inside quotes only `\"` is an escape; other backslashes stay for the wildcard matcher;
 * - a bare value or word ends at whitespace or `)`; a `(` glued to a word opens a call-like text
 *   (`foo(a, b)`) up to its matching `)`. Unlike Sentry, a quote or list must be followed by a
 *   space, `)` or the end, and an unterminated quote is an error rather than literal text.
 */
import { type SearchError, type SearchErrorReason, searchError, type TermOp } from './search-ast';

export interface RawValue {
  kind: 'single';
  text: string;
  quoted: boolean;
  start: number;
  end: number;
}

export interface RawList {
  kind: 'list';
  items: RawValue[];
  start: number;
  end: number;
}

export interface FilterToken {
  kind: 'filter';
  negated: boolean;
  key: string;
  explicitTag: boolean;
  /** The operator as written, null when absent, and where it starts. */
  op: TermOp | null;
  opStart: number;
  value: RawValue | RawList;
  start: number;
  end: number;
}

export type Token =
  | { kind: 'lparen'; negated: boolean; start: number; end: number }
  | { kind: 'rparen' | 'and' | 'or'; start: number; end: number }
  | { kind: 'word' | 'quoted'; text: string; start: number; end: number }
  | FilterToken;

export type TokenizeResult = { ok: true; tokens: Token[] } | { ok: false; error: SearchError };

const FILTER_START = /(!?)(?:tags\[([A-Za-z0-9_.:-]+)\]|([A-Za-z0-9_.-]+)):/y;
const OPERATORS: readonly TermOp[] = ['>=', '<=', '!=', '>', '<', '='];
const isSpace = (char: string | undefined) => char !== undefined && /\s/.test(char);
const atBoundary = (text: string, at: number) => at >= text.length || isSpace(text[at]) || text[at] === ')';

class Failure {
  constructor(readonly error: SearchError) {}
}

/** Stops tokenizing; `field` is the key of the filter being read, if any. */
function fail(reason: SearchErrorReason, position: number, expected: string, field?: string): never {
  throw new Failure(searchError(reason, position, expected, { field }));
}

export function tokenize(query: string): TokenizeResult {
  const tokens: Token[] = [];
  try {
    let at = 0;
    while (at < query.length) {
      if (isSpace(query[at])) {
        at++;
        continue;
      }
      const token = readToken(query, at);
      tokens.push(token);
      at = token.end;
    }
  } catch (caught) {
    if (caught instanceof Failure) return { ok: false, error: caught.error };
    throw caught;
  }
  return { ok: true, tokens };
}

function readToken(query: string, at: number): Token {
  const char = query[at];
  if (char === '(') return { kind: 'lparen', negated: false, start: at, end: at + 1 };
  if (char === '!' && query[at + 1] === '(') return { kind: 'lparen', negated: true, start: at, end: at + 2 };
  if (char === ')') return { kind: 'rparen', start: at, end: at + 1 };
  if (char === '"') {
    const value = readQuoted(query, at, false, undefined);
    return { kind: 'quoted', text: value.text, start: at, end: value.end };
  }
  FILTER_START.lastIndex = at;
  const filter = FILTER_START.exec(query);
  if (filter) return readFilter(query, at, filter);
  const end = readBare(query, at, false);
  const text = query.slice(at, end);
  if (text === 'AND' || text === 'OR') return { kind: text === 'AND' ? 'and' : 'or', start: at, end };
  return { kind: 'word', text, start: at, end };
}

function readFilter(query: string, start: number, match: RegExpExecArray): FilterToken {
  const [whole = '', bang = '', tagKey, plainKey] = match;
  let at = start + whole.length;
  const opStart = at;
  const op = OPERATORS.find((candidate) => query.startsWith(candidate, at)) ?? null;
  if (op) at += op.length;
  const base = {
    kind: 'filter',
    negated: bang === '!',
    explicitTag: tagKey !== undefined,
    op,
    opStart,
  } as const;
  const key = tagKey ?? plainKey ?? '';
  const field = tagKey === undefined ? key : `tags[${key}]`;
  if (query[at] === '[') {
    const list = readList(query, at, field);
    return { ...base, key, value: list, start, end: list.end };
  }
  if (query[at] === '"') {
    const value = readQuoted(query, at, false, field);
    return { ...base, key, value, start, end: value.end };
  }
  const end = readBare(query, at, false);
  if (end === at) fail('missing-value', at, `a value after "${query.slice(start + bang.length, at)}"`, field);
  const value: RawValue = { kind: 'single', text: query.slice(at, end), quoted: false, start: at, end };
  return { ...base, key, value, start, end };
}

/**
 * A quoted string from `at` (its opening quote). The closing quote must end the token: a space,
 * `)` or the end follows it, or `,` / `]` inside a list.
 */
function readQuoted(query: string, at: number, inList: boolean, field: string | undefined): RawValue {
  let text = '';
  for (let i = at + 1; i < query.length; i++) {
    const char = query[i];
    if (char === '\\' && query[i + 1] === '"') {
      text += '"';
      i++;
    } else if (char === '"') {
      const next = query[i + 1];
      if (!atBoundary(query, i + 1) && !(inList && (next === ',' || next === ']'))) {
        fail('syntax', i + 1, 'a space after the closing quote', field);
      }
      return { kind: 'single', text, quoted: true, start: at, end: i + 1 };
    } else {
      text += char;
    }
  }
  return fail('unclosed-quote', at, 'a closing quote (")', field);
}

function readList(query: string, open: number, field: string): RawList {
  const items: RawValue[] = [];
  let at = open + 1;
  for (;;) {
    while (isSpace(query[at])) at++;
    if (at >= query.length) fail('unclosed-list', open, 'a "]" to close the list', field);
    const char = query[at];
    if (char === ']' || char === ',') fail('missing-list-item', at, 'a value in the list', field);
    let item: RawValue;
    if (char === '"') {
      item = readQuoted(query, at, true, field);
    } else {
      const end = readBare(query, at, true);
      if (end === at) fail('missing-list-item', at, 'a value in the list', field);
      item = { kind: 'single', text: query.slice(at, end), quoted: false, start: at, end };
    }
    items.push(item);
    at = item.end;
    while (isSpace(query[at])) at++;
    if (at >= query.length) fail('unclosed-list', open, 'a "]" to close the list', field);
    if (query[at] === ']') break;
    if (query[at] !== ',') fail('syntax', at, '"," or "]" in the list', field);
    at++;
  }
  if (!atBoundary(query, at + 1)) fail('syntax', at + 1, 'a space after the list', field);
  return { kind: 'list', items, start: open, end: at + 1 };
}

/**
 * The end of a bare word or value starting at `at`: whitespace, `)` (and `,` `]` in a list) end
 * it; a `(` glued to it is kept with everything up to its matching `)`.
 */
function readBare(query: string, at: number, inList: boolean): number {
  let i = at;
  while (i < query.length) {
    const char = query[i];
    if (isSpace(char) || char === ')' || (inList && (char === ',' || char === ']'))) break;
    if (char === '(') {
      const word = query.slice(at, i);
      const close = word === '' || word === 'AND' || word === 'OR' ? -1 : matchingParen(query, i);
      if (close === -1) break;
      i = close + 1;
      continue;
    }
    i++;
  }
  return i;
}

function matchingParen(query: string, open: number): number {
  let depth = 0;
  for (let i = open; i < query.length; i++) {
    if (query[i] === '(') depth++;
    else if (query[i] === ')' && --depth === 0) return i;
  }
  return -1;
}
