/**
 * One compiled predicate per term, with Sentry's meaning where Sentry has one: `*` wildcards,
 * case-insensitive text, `lastSeen:-24h` = within the last 24 h and `+24h` = longer ago, a bare
 * date = that whole day (a datetime = five minutes either side), lists = any of the values,
 * unknown keys = tags. Dexter's own: `frame:` contains-matches module, function or file of any
 * frame of the latest event. Values are parsed once here, not once per issue.
 */
import {
  compileWildcard,
  type KeySpec,
  lookupKey,
  parseRelativeDate,
  parseSearchDate,
  parseSearchNumber,
  type TermNode,
  type TermOp,
} from '@dexter/search-syntax';
import type { FrameForSearch, IssueForSearch, SearchContext } from './search-issue';

export type IssuePredicate = (issue: IssueForSearch, ctx: SearchContext) => boolean;

const NEVER: IssuePredicate = () => false;

export function compileTerm(term: TermNode): IssuePredicate {
  const spec = lookupKey(term.key, term.explicitTag);
  const positive = compilePositive(term, spec);
  const flip = term.negated !== (term.op === '!=' && spec?.family !== 'number');
  return flip ? (issue, ctx) => !positive(issue, ctx) : positive;
}

const valuesOf = (term: TermNode) => (Array.isArray(term.value) ? term.value : [term.value]);

/** Matches when any of the term's values matches any of the texts (`""` matches a missing one). */
function textMatcher(term: TermNode, contains: boolean) {
  const matchers = valuesOf(term).map((value) => (value === '' ? null : compileWildcard(value, contains)));
  return (texts: readonly (string | null | undefined)[]) => {
    const present = texts.filter((text): text is string => typeof text === 'string' && text !== '');
    return matchers.some((match) => (match === null ? present.length === 0 : present.some(match)));
  };
}

function compilePositive(term: TermNode, spec: KeySpec | null): IssuePredicate {
  const key = spec?.name ?? term.key;
  switch (spec?.family) {
    case undefined: {
      const match = textMatcher(term, false);
      return (issue) => match(issue.tags?.[key] ?? []);
    }
    case 'status':
      return compileStatus(String(term.value));
    case 'has':
      return (issue) => (issue.tags?.[String(term.value)] ?? []).some((value) => value !== '');
    case 'actor':
      return compileActor(key, valuesOf(term));
    case 'number':
      return compileNumber(term);
    case 'date':
      return key === 'event.timestamp'
        ? NEVER
        : compileDate(term, key === 'lastSeen' ? 'lastSeen' : 'firstSeen');
    case 'boolean': {
      const wanted = ['true', '1'].includes(String(term.value).toLowerCase()) === (key === 'error.unhandled');
      return (issue) => (issue.isUnhandled === true) === wanted;
    }
    case 'frame':
      return compileFrame(term, key);
    case 'enum':
    case 'text':
      return compileField(term, key);
  }
}

const STATUS_FIELD: Record<string, (issue: IssueForSearch) => boolean> = {
  archived: (issue) => issue.status === 'ignored',
  muted: (issue) => issue.status === 'ignored',
  assigned: (issue) => Boolean(issue.assignedTo),
  unassigned: (issue) => !issue.assignedTo,
  bookmarked: (issue) => issue.isBookmarked === true,
};
const STATUSES = new Set(['unresolved', 'resolved', 'ignored', 'reprocessing']);
const UPSTREAM_ONLY_STATUS = new Set(['for_review', 'linked', 'unlinked']);

function compileStatus(value: string): IssuePredicate {
  const special = STATUS_FIELD[value];
  if (special) return special;
  if (UPSTREAM_ONLY_STATUS.has(value)) return NEVER;
  return STATUSES.has(value) ? (issue) => issue.status === value : (issue) => issue.substatus === value;
}

function compileActor(key: string, values: readonly string[]): IssuePredicate {
  if (key === 'bookmarks') return (issue) => values.includes('me') && issue.isBookmarked === true;
  if (key === 'subscribed') return (issue) => values.includes('me') && issue.isSubscribed === true;
  if (key !== 'assigned') return NEVER;
  return ({ assignedTo: to }, { viewer }) =>
    values.some((value) => {
      if (value === 'none') return !to;
      if (!to) return false;
      const team = to.type === 'team' ? (to.name ?? '').toLowerCase() : null;
      if (value === 'my_teams')
        return team !== null && (viewer?.teams ?? []).some((t) => t.toLowerCase() === team);
      if (value.startsWith('#')) return team === value.slice(1).toLowerCase();
      if (team !== null) return false;
      if (value === 'me') {
        return Boolean(viewer && ((viewer.id && viewer.id === to.id) || sameText(viewer.email, to.email)));
      }
      return sameText(value, to.email) || sameText(value, to.name) || value === to.id;
    });
}

const sameText = (a: string | null | undefined, b: string | null | undefined) =>
  Boolean(a && b && a.toLowerCase() === b.toLowerCase());

const COMPARE: Record<TermOp, (a: number, b: number) => boolean> = {
  '=': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
};

function compileNumber(term: TermNode): IssuePredicate {
  const wanted = valuesOf(term).map((value) => parseSearchNumber(value) ?? Number.NaN);
  const compare = COMPARE[term.op];
  return (issue) => wanted.some((value) => compare(issue.count, value));
}

function compileDate(term: TermNode, field: 'firstSeen' | 'lastSeen'): IssuePredicate {
  const text = String(term.value);
  const at = (issue: IssueForSearch) => (issue[field] ? Date.parse(issue[field]) : Number.NaN);
  const relative = parseRelativeDate(text);
  if (relative) {
    return (issue, { now }) =>
      relative.newer ? at(issue) >= now - relative.ms : at(issue) <= now - relative.ms;
  }
  const date = parseSearchDate(text);
  if (!date) return NEVER;
  if (term.op === '=') return (issue) => at(issue) >= date.from && at(issue) < date.to;
  const compare = COMPARE[term.op];
  return (issue) => compare(at(issue), date.at);
}

const FRAME_FIELDS: Record<string, readonly (keyof FrameForSearch)[]> = {
  frame: ['module', 'function', 'filename'],
  'frame.module': ['module'],
  'frame.function': ['function'],
  'frame.filename': ['filename'],
};

function compileFrame(term: TermNode, key: string): IssuePredicate {
  const match = textMatcher(term, true);
  const fields = FRAME_FIELDS[key] ?? [];
  return (_issue, { frames }) => (frames ?? []).some((frame) => match(fields.map((field) => frame[field])));
}

function compileField(term: TermNode, key: string): IssuePredicate {
  const exact = textMatcher(term, false);
  const latest = valuesOf(term).includes('latest');
  switch (key) {
    case 'message': {
      const contains = textMatcher(term, true);
      return (issue) => contains(searchableTexts(issue));
    }
    case 'release':
      return latest ? NEVER : (issue) => exact(issue.tags?.release ?? []);
    case 'environment':
      return (issue) => exact(issue.tags?.environment ?? []);
    case 'first-release':
      return latest ? NEVER : (issue) => exact([issue.firstRelease]);
    default: {
      const field = FIELD_OF[key];
      return field ? (issue) => exact([field(issue)]) : NEVER;
    }
  }
}

const FIELD_OF: Record<string, (issue: IssueForSearch) => string | null | undefined> = {
  level: (issue) => issue.level,
  title: (issue) => issue.title,
  'error.type': (issue) => issue.metadata?.type,
  'error.value': (issue) => issue.metadata?.value,
  culprit: (issue) => issue.culprit,
  project: (issue) => issue.project,
  issue: (issue) => issue.shortId,
  'issue.priority': (issue) => issue.priority,
  'issue.category': (issue) => issue.issueCategory,
  'issue.type': (issue) => issue.issueType,
  category: (issue) => issue.category,
};

/** What free text and `message:` search: Sentry's message, which for errors folds these in. */
export function searchableTexts(issue: IssueForSearch): (string | null | undefined)[] {
  return [issue.title, issue.culprit, issue.message, issue.metadata?.type, issue.metadata?.value];
}
