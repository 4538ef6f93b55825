/**
 * The 400s of issue search, in the words the store has always answered with: every detail starts
 * with "Error parsing search query:" and names the key and value at fault. A refusal of the grammar
 * that the store's own wording does not cover keeps the grammar's message, with its position.
 */
import { lookupKey, type SearchError, type SearchNode } from '@dexter/search-syntax';
import { ApiError } from '../api-error';

export const parseError = (problem: string) => new ApiError(400, `Error parsing search query: ${problem}`);

const quoted = (raw: string) => JSON.stringify(raw.slice(0, 50));
const COMPARISONS = new Set(['>', '>=', '<', '<=']);

export const invalidNumber = (key: string, raw: string) =>
  parseError(`Invalid number for "${key}": ${quoted(raw)}`);
export const invalidDate = (key: string, raw: string) =>
  parseError(`Invalid date for "${key}": ${quoted(raw)}`);
export const invalidAge = (raw: string) =>
  parseError(`Invalid value for "age": ${quoted(raw)}; expected e.g. -24h or +7d`);
export const invalidStatus = (value: string) =>
  parseError(`Invalid value for "is" search parameter: ${value}`);

/** What the store does not run: OR across terms and Dexter's `!( … )`. */
export function unsupported(node: SearchNode): ApiError {
  return node.type === 'not'
    ? parseError(`Negated groups "!( … )" are not supported in this search`)
    : parseError(`Boolean statements containing "OR" or "AND" are not supported in this search`);
}

export function grammarError(error: SearchError): ApiError {
  const { field = '', found = '' } = error;
  const family = lookupKey(field)?.family;
  switch (error.reason) {
    case 'unclosed-quote':
      return parseError(`Unterminated quoted value starting at position ${error.position}`);
    case 'unclosed-list':
      return parseError(`Unterminated list for "${field}"`);
    case 'missing-value':
      return parseError(`Empty value for search key "${field}"`);
    case 'missing-list-item':
      return parseError(`Empty value in the list for "${field}"`);
    case 'operator':
      if (COMPARISONS.has(found) && family !== 'date') {
        return parseError(`Invalid operator "${found}" for "${field}": only dates and numbers compare`);
      }
      break;
    case 'value':
      if (family === 'number') return invalidNumber(field, found);
      if (family === 'date') return field === 'age' ? invalidAge(found) : invalidDate(field, found);
      if (family === 'status') return invalidStatus(found);
      break;
  }
  return parseError(error.message);
}
