/**
 * Autocomplete for the search box, pure: from the query and the cursor, what is being typed (a
 * key, or the value of which key) and the keys or known values that fit. Tag keys come from the
 * caller (`GET /organizations/{org}/tags/`); for tag-backed values the answer names the tag whose
 * values to fetch (`/tags/{key}/values/?query=<prefix>`), so this module stays free of I/O.
 * It reads partial, invalid queries on purpose: an open quote or list is simply still being typed.
 */
import { BUILT_IN_KEYS, lookupKey } from '@dexter/search-syntax';

export type SuggestionContext =
  | { kind: 'key'; prefix: string; start: number; end: number }
  | { kind: 'value'; key: string; prefix: string; start: number; end: number };

export interface KeySuggestion {
  key: string;
  description: string;
  builtIn: boolean;
}

export interface OperatorSuggestion {
  /** What is inserted: a comparison (`>=`) right after `key:`, or `AND` / `OR` between terms. */
  operator: string;
  description: string;
}

export interface SearchSuggestions {
  context: SuggestionContext;
  keys: KeySuggestion[];
  values: string[];
  operators: OperatorSuggestion[];
  /** The tag whose values the caller should fetch for this value, or null. */
  tagValuesFor: string | null;
}

export interface SuggestOptions {
  tagKeys?: readonly string[];
  limit?: number;
}

const VALUE_START = /^!?(?:tags\[([^\]]*)\]|([A-Za-z0-9_.-]+)):(?:>=|<=|!=|>|<|=)?/;

/** Comparisons the parser takes after a number or date key (`times_seen:>100`, `age:-24h`). */
const COMPARISONS: readonly OperatorSuggestion[] = [
  { operator: '>', description: 'More than (for dates: older than)' },
  { operator: '>=', description: 'At least' },
  { operator: '<', description: 'Less than (for dates: newer than)' },
  { operator: '<=', description: 'At most' },
];

/** Boolean operators between terms: upper case only, as the parser reads them. */
const BOOLEANS: readonly OperatorSuggestion[] = [
  { operator: 'AND', description: 'Both terms (also what a space means)' },
  { operator: 'OR', description: 'Either term' },
];

export function suggestSearch(
  query: string,
  cursor: number,
  options: SuggestOptions = {},
): SearchSuggestions {
  const limit = options.limit ?? 20;
  const tagKeys = options.tagKeys ?? [];
  const context = contextAt(query, Math.max(0, Math.min(cursor, query.length)));
  const startsWith = (text: string) => text.toLowerCase().startsWith(context.prefix.toLowerCase());
  if (context.kind === 'key') {
    // AND / OR need a term before them, and are offered only once the user types their letters.
    const afterTerm =
      query.slice(0, context.start).trim() !== '' && !/[(]\s*$/.test(query.slice(0, context.start));
    const operators =
      afterTerm && context.prefix !== ''
        ? BOOLEANS.filter((op) => op.operator.startsWith(context.prefix) && op.operator !== context.prefix)
        : [];
    return {
      context,
      keys: matchingKeys(startsWith, tagKeys).slice(0, limit),
      values: [],
      operators,
      tagValuesFor: null,
    };
  }
  const spec = lookupKey(context.key);
  const known =
    spec?.family === 'has' ? matchingKeys(startsWith, tagKeys).map((k) => k.key) : (spec?.values ?? []);
  const tagBacked = spec === null || ['release', 'first-release', 'environment'].includes(spec.name);
  // Right after `key:` of a number or date key (no operator written yet), offer the comparisons.
  const typedOperator = /[<>=]$/.test(query.slice(0, context.start));
  const comparable = spec?.family === 'number' || spec?.family === 'date';
  return {
    context,
    keys: [],
    operators: comparable && context.prefix === '' && !typedOperator ? [...COMPARISONS] : [],
    values: known.filter(startsWith).slice(0, limit),
    tagValuesFor: tagBacked
      ? spec?.name === 'first-release'
        ? 'release'
        : (spec?.name ?? context.key)
      : null,
  };
}

function matchingKeys(startsWith: (text: string) => boolean, tagKeys: readonly string[]): KeySuggestion[] {
  const builtIn = BUILT_IN_KEYS.flatMap((spec) => {
    const spelling = [spec.name, ...spec.aliases].find(startsWith);
    return spelling ? [{ key: spelling, description: spec.description, builtIn: true }] : [];
  });
  const tags = [...new Set(tagKeys)]
    .filter((key) => startsWith(key) && lookupKey(key) === null)
    .sort()
    .map((key) => ({ key, description: 'Tag', builtIn: false }));
  return [...builtIn, ...tags];
}

/** The token under the cursor: from the last separator outside quotes and lists up to the cursor. */
function contextAt(query: string, cursor: number): SuggestionContext {
  let start = 0;
  let inQuote = false;
  let inList = false;
  for (let i = 0; i < cursor; i++) {
    const char = query[i] ?? '';
    if (inQuote) {
      if (char === '\\') i++;
      else if (char === '"') inQuote = false;
    } else if (char === '"') inQuote = true;
    else if (char === '[') inList = true;
    else if (char === ']') inList = false;
    else if (!inList && /[\s()]/.test(char)) start = i + 1;
  }
  let end = cursor;
  const stop = inList ? /[\s(),\]]/ : /[\s()]/;
  while (end < query.length && !stop.test(query[end] ?? '')) end++;
  const typed = query.slice(start, cursor);
  const filter = VALUE_START.exec(typed);
  if (!filter) {
    const bang = typed.startsWith('!') ? 1 : 0;
    return { kind: 'key', prefix: typed.slice(bang), start: start + bang, end };
  }
  const key = filter[1] ?? filter[2] ?? '';
  let valueStart = start + filter[0].length;
  let value = typed.slice(filter[0].length);
  const listAt = value.startsWith('[') ? Math.max(value.lastIndexOf(','), 0) + 1 : 0;
  const skipped = listAt + (value.slice(listAt).match(/^\s*"?/)?.[0].length ?? 0);
  valueStart += skipped;
  value = value.slice(skipped);
  return { kind: 'value', key, prefix: value, start: valueStart, end };
}

/** The query with a chosen key (`key:`) or value put in place of what was typed, and the cursor. */
export function applySuggestion(
  query: string,
  context: SuggestionContext,
  text: string,
): { query: string; cursor: number } {
  const quoted = /[\s"(),\]]/.test(text) ? `"${text.replace(/"/g, '\\"')}"` : text;
  const before = query.slice(0, context.start);
  const inList = context.kind === 'value' && /\[[^\]]*$/.test(before);
  const inserted = context.kind === 'key' ? `${text}:` : inList ? quoted : `${quoted} `;
  const valueOpenQuote = context.kind === 'value' && before.endsWith('"') ? 1 : 0;
  const head = before.slice(0, before.length - valueOpenQuote);
  const rest = query.slice(context.end);
  const tail = inserted.endsWith(' ') ? rest.replace(/^\s+/, '') : rest;
  return { query: `${head}${inserted}${tail}`, cursor: head.length + inserted.length };
}

/** The query with an operator put at the cursor's token: a comparison stays glued to its value. */
export function applyOperator(
  query: string,
  context: SuggestionContext,
  operator: string,
): { query: string; cursor: number } {
  const head = query.slice(0, context.start);
  const rest = query.slice(context.end);
  const inserted = /^[A-Z]+$/.test(operator) ? `${operator} ` : operator;
  const tail = inserted.endsWith(' ') ? rest.replace(/^\s+/, '') : rest;
  return { query: `${head}${inserted}${tail}`, cursor: head.length + inserted.length };
}
