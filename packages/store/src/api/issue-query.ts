/**
 * The subset of Sentry's issue search the store answers: `is:unresolved|resolved|ignored`,
 * `level:`, `release:`, `environment:`, any other `key:value` as a tag filter, `!` negation, quoted
 * values, and free text (matched against title, culprit and message). Dexter's gateway does the
 * richer search (booleans, frames) on top of this. Unknown `is:` values are a 400, like Sentry.
 */
import { ApiError } from './api-error';

export interface QueryTerm {
  key: string;
  value: string;
  negated: boolean;
}

export interface IssueQuery {
  statuses: string[];
  excludedStatuses: string[];
  terms: QueryTerm[];
  text: string[];
}

const STATUS_VALUES = new Set(['unresolved', 'resolved', 'ignored', 'archived']);
const TOKEN = /(!?)([A-Za-z_][\w.-]*):("(?:[^"\\]|\\.)*"|\S*)|"((?:[^"\\]|\\.)*)"|(\S+)/g;

const unquote = (value: string) =>
  value.startsWith('"') && value.endsWith('"') && value.length >= 2
    ? value.slice(1, -1).replace(/\\(.)/g, '$1')
    : value;

export function parseIssueQuery(query: string): IssueQuery {
  const parsed: IssueQuery = { statuses: [], excludedStatuses: [], terms: [], text: [] };
  for (const match of query.slice(0, 2000).matchAll(TOKEN)) {
    const [, bang, key, rawValue, quoted, word] = match;
    if (key !== undefined && rawValue !== undefined) {
      const value = unquote(rawValue);
      if (value === '') throw new ApiError(400, `Empty value for search key "${key}"`);
      if (key === 'is') {
        const status = value === 'archived' ? 'ignored' : value;
        if (!STATUS_VALUES.has(value))
          throw new ApiError(400, `Invalid value for "is" search parameter: ${value}`);
        (bang ? parsed.excludedStatuses : parsed.statuses).push(status);
      } else {
        parsed.terms.push({ key, value, negated: bang === '!' });
      }
    } else if (quoted !== undefined) {
      parsed.text.push(quoted.replace(/\\(.)/g, '$1'));
    } else if (word !== undefined) {
      parsed.text.push(word);
    }
  }
  return parsed;
}
