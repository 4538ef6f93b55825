/**
 * Issue search as the store answers it: the AST of the one search grammar (`@dexter/search-syntax`)
 * read into a conjunction of typed filters plus free-text words, which `issue-filters.ts` turns into
 * SQL. Like Sentry's issue search, the store runs no `OR` and no `!( … )` (Dexter's gateway plans
 * those around it); `AND` and parentheses that only group a conjunction read as the conjunction.
 *
 * Supported: `is:` (status, substatus, `assigned`, `unassigned`, `bookmarked`, `linked`,
 * `unlinked`, `for_review`), `assigned:` / `assigned_or_suggested:` (`me`, `none`, `my_teams`,
 * `#team`, email or username), `bookmarks:`, `level:`, `issue.priority:`, `firstRelease:`,
 * `error.type:`, `error.value:`, `user.id|email|username|ip:`, `has:`, `times_seen:` compared,
 * `firstSeen:` / `lastSeen:` with a relative date (`-24h` within, `+7d` older than) or an ISO date
 * (compared, or bare: from then on), `age:` (relative only), and any other key as a tag
 * (`message:` and `title:` too; `tags[key]:` for keys that collide with fields). Keys take the
 * grammar's aliases (`timesSeen`, `first_seen`, `assigned_to` …); values may be quoted, listed
 * (`level:[error, fatal]`: any of them) and use `*` wildcards; `!` and `!=` negate a term.
 *
 * Invariant: every query the store cannot answer is an `ApiError` 400 whose detail starts with
 * "Error parsing search query:" and names the problem, never a silently ignored term.
 */
import {
  DEFAULT_MAX_QUERY_LENGTH,
  lookupKey,
  parseSearch,
  type SearchNode,
  type TermNode,
  type TextNode,
} from '@dexter/search-syntax';
import { grammarError, invalidStatus, unsupported } from './issue-query-errors';
import { type CompareOp, dateOperand, numberOperand } from './issue-query-values';

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
/** By the key's canonical name in the grammar's key table. */
const FIELDS: Record<string, IssueField> = {
  level: 'level',
  'issue.priority': 'priority',
  'first-release': 'first_release',
  'error.type': 'error.type',
  'error.value': 'error.value',
};
const DATE_FIELDS: Record<string, 'first_seen' | 'last_seen'> = {
  firstSeen: 'first_seen',
  lastSeen: 'last_seen',
};

function isFilter(value: string, negated: boolean): IssueFilter {
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
  throw invalidStatus(value);
}

function termFilters(term: TermNode, now: number): IssueFilter[] {
  const name = lookupKey(term.key, term.explicitTag)?.name;
  const values = Array.isArray(term.value) ? term.value : [term.value];
  if (name === 'times_seen') {
    return values.map((value) => ({ kind: 'times_seen', ...numberOperand(term, value) }));
  }
  const date = name === undefined ? undefined : DATE_FIELDS[name];
  if (date) return [{ kind: 'date', field: date, ...dateOperand(term, now) }];
  // The grammar allows no comparison here: `!=` is the only operator left, and it negates.
  const negated = term.negated !== (term.op === '!=');
  if (name === 'is') return values.map((value) => isFilter(value, negated));
  if (name === 'assigned' || name === 'assigned_or_suggested') return [{ kind: 'assigned', values, negated }];
  if (name === 'bookmarks') return [{ kind: 'bookmarks', values, negated }];
  if (name === 'has') return values.map((value) => ({ kind: 'has', key: value, negated }));
  const field = name === undefined ? undefined : FIELDS[name];
  if (field) return [{ kind: 'field', field, values, negated }];
  const user = term.explicitTag ? undefined : /^user\.(id|email|username|ip)$/.exec(term.key)?.[1];
  if (user) return [{ kind: 'user', attribute: user as UserAttribute, values, negated }];
  return [{ kind: 'tag', key: term.key, values, negated }];
}

/** Free text matches as words: each unquoted word, or a quoted phrase whole. */
function textWords(text: TextNode): string[] {
  if (!text.quoted) return text.value.split(/\s+/);
  return text.value.trim() === '' ? [] : [text.value];
}

export function parseIssueQuery(input: string, now: number): IssueQuery {
  const parsed = parseSearch(input.slice(0, DEFAULT_MAX_QUERY_LENGTH));
  if (!parsed.ok) throw grammarError(parsed.error);
  const query: IssueQuery = { filters: [], text: [] };
  const conjuncts: SearchNode[] =
    parsed.ast?.type === 'and' ? parsed.ast.children : parsed.ast ? [parsed.ast] : [];
  for (const node of conjuncts) {
    if (node.type === 'term') query.filters.push(...termFilters(node, now));
    else if (node.type === 'text') query.text.push(...textWords(node));
    else throw unsupported(node);
  }
  // `is:unresolved is:ignored` means either status, as the store has always read it.
  const statuses = query.filters.filter((f) => f.kind === 'status' && !f.negated);
  if (statuses.length > 1) {
    const values = statuses.flatMap((f) => (f.kind === 'status' ? f.values : []));
    query.filters = [
      { kind: 'status', values: [...new Set(values)], negated: false },
      ...query.filters.filter((f) => !statuses.includes(f)),
    ];
  }
  return query;
}
