/**
 * Sentry's issue search syntax, as far as the store answers it, parsed into a list of typed
 * filters plus free text. Dexter's gateway adds booleans and stack-frame search on top; like
 * Sentry's issue search, bare `OR`/`AND` are refused here.
 *
 * Supported: `is:` (status, substatus, `assigned`, `unassigned`, `bookmarked`, `linked`,
 * `unlinked`, `for_review`), `assigned:` / `assigned_or_suggested:` (`me`, `none`, `my_teams`,
 * `#team`, email or username), `bookmarks:`, `level:`, `issue.priority:`, `firstRelease:`,
 * `error.type:`, `error.value:`, `user.id|email|username|ip:`, `has:`, `times_seen:` with
 * `> >= < <= =`, `firstSeen:` / `lastSeen:` with a relative (`-24h` within, `+7d` older than) or
 * compared ISO date, `age:` (relative only), `message:` / `title:` (free text), and any other key
 * as a tag (`tags[key]:` for keys that collide with fields). Values may be quoted, listed
 * (`level:[error, fatal]`) and use `*` wildcards; `!` negates a term.
 *
 * Invariant: every malformed query is an `ApiError` 400 whose detail starts with
 * "Error parsing search query:" and names the problem, never a silently ignored term.
 */
import { type CompareOp, parseDateValue, parseError, parseNumberValue } from './issue-query-values';

export type { CompareOp };
export type IssueField = 'level' | 'priority' | 'first_release' | 'error.type' | 'error.value';
export type UserAttribute = 'id' | 'email' | 'username' | 'ip';

export type IssueFilter =
  | { kind: 'status'; values: string[]; negated: boolean }
  | { kind: 'substatus'; values: string[]; negated: boolean }
  | { kind: 'assigned'; values: string[]; negated: boolean }
  | { kind: 'bookmarks'; values: string[]; negated: boolean }
  | { kind: 'constant'; matches: boolean }
  | { kind: 'field'; field: IssueField; values: string[]; negated: boolean }
  | { kind: 'tag'; key: string; values: string[]; negated: boolean }
  | { kind: 'user'; attribute: UserAttribute; values: string[]; negated: boolean }
  | { kind: 'has'; key: string; negated: boolean }
  | { kind: 'times_seen'; op: CompareOp; value: number }
  | { kind: 'date'; field: 'first_seen' | 'last_seen'; op: CompareOp; value: number };

export interface IssueQuery {
  filters: IssueFilter[];
  text: string[];
}

const STATUS_WORDS: Record<string, string> = {
  unresolved: 'unresolved',
  resolved: 'resolved',
  ignored: 'ignored',
  archived: 'ignored',
  muted: 'ignored',
};
const SUBSTATUS_WORDS = new Set([
  'new',
  'ongoing',
  'regressed',
  'escalating',
  'archived_forever',
  'archived_until_escalating',
  'archived_until_condition_met',
]);
const FIELDS: Record<string, IssueField> = {
  level: 'level',
  'issue.priority': 'priority',
  firstRelease: 'first_release',
  first_release: 'first_release',
  'first-release': 'first_release',
  'error.type': 'error.type',
  'error.value': 'error.value',
};
const DATE_KEYS: Record<string, 'first_seen' | 'last_seen'> = {
  firstSeen: 'first_seen',
  lastSeen: 'last_seen',
  age: 'first_seen',
};

interface Term {
  key: string;
  op: CompareOp | null;
  values: string[];
  negated: boolean;
}

function isTerm(key: string, term: Term): IssueFilter[] {
  return term.values.map((value): IssueFilter => {
    const negated = term.negated;
    if (value in STATUS_WORDS) return { kind: 'status', values: [STATUS_WORDS[value]!], negated };
    if (SUBSTATUS_WORDS.has(value)) return { kind: 'substatus', values: [value], negated };
    if (value === 'assigned') return { kind: 'assigned', values: ['none'], negated: !negated };
    if (value === 'unassigned') return { kind: 'assigned', values: ['none'], negated };
    if (value === 'bookmarked') return { kind: 'bookmarks', values: ['me'], negated };
    // The store links no external issues: everything is unlinked.
    if (value === 'linked' || value === 'unlinked')
      return { kind: 'constant', matches: (value === 'unlinked') !== negated };
    if (value === 'for_review')
      return { kind: 'substatus', values: ['new', 'regressed', 'escalating'], negated };
    throw parseError(`Invalid value for "${key}" search parameter: ${value}`);
  });
}

function termFilters(term: Term, now: number): IssueFilter[] {
  const { key, op, values, negated } = term;
  if (key === 'is') return isTerm(key, term);
  if (key in DATE_KEYS) {
    return values.map((value) => ({
      kind: 'date',
      field: DATE_KEYS[key]!,
      ...parseDateValue(key, op, value, now),
    }));
  }
  if (key === 'times_seen' || key === 'timesSeen') {
    return values.map((value) => ({
      kind: 'times_seen',
      op: op ?? '=',
      value: parseNumberValue(key, value),
    }));
  }
  if (op !== null && op !== '=')
    throw parseError(`Invalid operator "${op}" for "${key}": only dates and numbers compare`);
  if (key === 'assigned' || key === 'assigned_or_suggested') return [{ kind: 'assigned', values, negated }];
  if (key === 'bookmarks') return [{ kind: 'bookmarks', values, negated }];
  if (key === 'has') return values.map((value) => ({ kind: 'has', key: value, negated }));
  if (key in FIELDS) return [{ kind: 'field', field: FIELDS[key]!, values, negated }];
  const user = /^user\.(id|email|username|ip)$/.exec(key)?.[1] as UserAttribute | undefined;
  if (user) return [{ kind: 'user', attribute: user, values, negated }];
  const tag = /^tags\[(.+)\]$/.exec(key)?.[1] ?? key;
  return [{ kind: 'tag', key: tag, values, negated }];
}

const KEY = /(!?)(tags\[[^\]\s]+\]|[A-Za-z_][\w.-]*):(>=|<=|>|<|=)?/y;

/** Reads a quoted string starting at `start` (on the quote); returns the text and the end index. */
function readQuoted(query: string, start: number): [string, number] {
  let out = '';
  for (let i = start + 1; i < query.length; i++) {
    const char = query[i]!;
    if (char === '\\' && i + 1 < query.length) out += query[++i];
    else if (char === '"') return [out, i + 1];
    else out += char;
  }
  throw parseError(`Unterminated quoted value starting at position ${start}`);
}

function readValues(query: string, start: number, key: string): [string[], number] {
  if (query[start] === '"') {
    const [value, end] = readQuoted(query, start);
    return [[value], end];
  }
  if (query[start] === '[') {
    const close = query.indexOf(']', start);
    if (close < 0) throw parseError(`Unterminated list for "${key}"`);
    const values: string[] = [];
    for (const raw of query.slice(start + 1, close).split(',')) {
      const item = raw.trim();
      values.push(item.startsWith('"') ? readQuoted(item, 0)[0] : item);
    }
    if (values.some((v) => v === '')) throw parseError(`Empty value in the list for "${key}"`);
    return [values, close + 1];
  }
  let end = start;
  while (end < query.length && !/\s/.test(query[end]!)) end++;
  return [[query.slice(start, end)], end];
}

export function parseIssueQuery(input: string, now: number): IssueQuery {
  const query = input.slice(0, 2000);
  const parsed: IssueQuery = { filters: [], text: [] };
  let i = 0;
  while (i < query.length) {
    if (/\s/.test(query[i]!)) {
      i++;
      continue;
    }
    KEY.lastIndex = i;
    const key = KEY.exec(query);
    if (key) {
      const [match, bang, name, op] = key;
      const [values, end] = readValues(query, i + match.length, name!);
      if (values.length === 1 && values[0] === '') throw parseError(`Empty value for search key "${name}"`);
      const term: Term = {
        key: name!,
        op: (op as CompareOp | undefined) ?? null,
        values,
        negated: bang === '!',
      };
      parsed.filters.push(...termFilters(term, now));
      i = end;
    } else if (query[i] === '"') {
      const [text, end] = readQuoted(query, i);
      if (text.trim() !== '') parsed.text.push(text);
      i = end;
    } else {
      let end = i;
      while (end < query.length && !/\s/.test(query[end]!)) end++;
      const word = query.slice(i, end);
      if (word === 'OR' || word === 'AND') {
        throw parseError(`Boolean statements containing "OR" or "AND" are not supported in this search`);
      }
      parsed.text.push(word);
      i = end;
    }
  }
  // `is:unresolved is:ignored` means either status, as the store has always read it.
  const statuses = parsed.filters.filter((f) => f.kind === 'status' && !f.negated);
  if (statuses.length > 1) {
    const values = statuses.flatMap((f) => (f.kind === 'status' ? f.values : []));
    parsed.filters = [
      { kind: 'status', values: [...new Set(values)], negated: false },
      ...parsed.filters.filter((f) => !statuses.includes(f)),
    ];
  }
  return parsed;
}
