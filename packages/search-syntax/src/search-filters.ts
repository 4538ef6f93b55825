/**
 * Turns a filter token into a term, validating its value for its key where Sentry does (`is:`
 * values, numbers, dates, booleans, priorities) and a little more: comparisons on text keys are an
 * error here, where Sentry would silently search for the literal text ">500". Every error points
 * at the offending operator, list or value.
 */
import {
  type SearchError,
  type SearchErrorReason,
  searchError,
  type TermNode,
  type TermOp,
  type ValueKind,
} from './search-ast';
import { IS_VALUES, type KeySpec, lookupKey } from './search-keys';
import type { FilterToken, RawValue } from './search-tokenizer';
import { parseRelativeDate, parseSearchDate, parseSearchNumber } from './search-values';

export type TermResult = { ok: true; term: TermNode } | { ok: false; error: SearchError };

const COMPARISONS: readonly TermOp[] = ['>', '>=', '<', '<='];
const BOOLEANS = ['true', 'false', '1', '0'];

export function buildTerm(token: FilterToken): TermResult {
  const spec = lookupKey(token.key, token.explicitTag);
  const field = token.explicitTag ? `tags[${token.key}]` : token.key;
  const written = `${field}:`;
  const op = token.op ?? '=';
  const fail = (reason: SearchErrorReason, position: number, expected: string): TermResult => ({
    ok: false,
    error: searchError(reason, position, expected, { field, found: reason === 'operator' ? op : undefined }),
  });
  const items = token.value.kind === 'list' ? token.value.items : [token.value];
  const isList = token.value.kind === 'list';
  const family = spec?.family ?? 'tag';

  const single = family === 'status' || family === 'has' || family === 'date' || family === 'boolean';
  if (isList && (single || token.op !== null)) {
    return fail('list', token.value.start, `a single value after "${written}${token.op ?? ''}" (no list)`);
  }
  if (token.op !== null && (family === 'status' || family === 'has' || family === 'boolean')) {
    return fail('operator', token.opStart, `a value without an operator after "${written}"`);
  }
  if (COMPARISONS.includes(op) && family !== 'number' && family !== 'date') {
    return fail(
      'operator',
      token.opStart,
      `a value after "${written}" ("${op}" compares numbers and dates only)`,
    );
  }

  let valueKind: ValueKind = 'text';
  for (const item of items) {
    const checked = checkValue(spec, item, token, field);
    if (typeof checked !== 'string') return { ok: false, error: checked };
    valueKind = checked;
  }
  return {
    ok: true,
    term: {
      type: 'term',
      key: token.key,
      explicitTag: token.explicitTag,
      op,
      value: isList ? items.map((item) => item.text) : (items[0]?.text ?? ''),
      valueKind,
      negated: token.negated,
      span: { start: token.start, end: token.end },
    },
  };
}

/** The value kind of one (list item) value, or the error at its position. */
function checkValue(spec: KeySpec | null, item: RawValue, token: FilterToken, field: string) {
  const text = item.text;
  const written = `${field}:`;
  const wrong = (expected: string) => searchError('value', item.start, expected, { field, found: text });
  switch (spec?.family) {
    case 'status':
      return (IS_VALUES as readonly string[]).includes(text)
        ? 'text'
        : wrong(`one of ${IS_VALUES.join(', ')}`);
    case 'has':
      return /^[A-Za-z0-9_.:-]+$/.test(text) ? 'text' : wrong(`a tag or field name after "${written}"`);
    case 'number':
      return parseSearchNumber(text) === null ? wrong('a number (100, 2.5k, 1m)') : 'number';
    case 'boolean':
      return BOOLEANS.includes(text.toLowerCase()) ? 'boolean' : wrong('true, false, 1 or 0');
    case 'enum':
      return spec.values.includes(text) ? 'text' : wrong(`one of ${spec.values.join(', ')}`);
    case 'date':
      return checkDate(text, token, field, wrong);
    default:
      return 'text';
  }
}

function checkDate(
  text: string,
  token: FilterToken,
  field: string,
  wrong: (expected: string) => SearchError,
): ValueKind | SearchError {
  const relative = parseRelativeDate(text) !== null;
  const written = `${field}:`;
  const badOperator = (expected: string) =>
    searchError('operator', token.opStart, expected, { field, found: token.op ?? '' });
  if (token.op === '=' || token.op === '!=') {
    return badOperator(`>, >=, < or <= (or no operator) after "${written}"`);
  }
  if (token.op !== null) {
    if (relative) return badOperator(`a relative date without an operator ("${written}${text}")`);
    return parseSearchDate(text) ? 'date' : wrong('a date (2026-11-01 or 2026-11-01T12:00:00Z)');
  }
  if (relative) return 'relative-date';
  if (parseSearchDate(text)) return 'date';
  return wrong('a relative date (-24h, +7d) or a date (2026-11-01 or 2026-11-01T12:00:00Z)');
}
