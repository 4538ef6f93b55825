/**
 * A Discover `query` (the issue search AST) as a predicate over one stored event, for the scan
 * engine. Keys mean what Discover means by them: event columns (`level`, `release`,
 * `user.email`, `issue.id`, `project`, …), `message` and free text as a case-insensitive
 * "contains" over message, title and culprit, `has:`, `error.handled`/`error.unhandled`,
 * `event.timestamp` (dates, relative or absolute), and any other key as a tag. Values with `*` are
 * wildcards; a list matches any of its values.
 */
import {
  compileWildcard,
  hasWildcard,
  lookupKey,
  parseRelativeDate,
  parseSearchDate,
  type SearchNode,
  type TermNode,
} from '@dexter/search-syntax';
import { DiscoverQueryError } from './discover-errors';
import { type ColumnRef, columnsOf, parseColumn } from './discover-fields';
import { type CellValue, cellOf, type EventRow, type ProjectSlugs } from './event-view';

export type EventPredicate = (row: EventRow) => boolean;

const always: EventPredicate = () => true;

export function compileEventFilter(
  node: SearchNode | null,
  slugs: ProjectSlugs,
  now: number,
): EventPredicate {
  if (node === null) return always;
  switch (node.type) {
    case 'and': {
      const parts = node.children.map((child) => compileEventFilter(child, slugs, now));
      return (row) => parts.every((part) => part(row));
    }
    case 'or': {
      const parts = node.children.map((child) => compileEventFilter(child, slugs, now));
      return (row) => parts.some((part) => part(row));
    }
    case 'not': {
      const inner = compileEventFilter(node.child, slugs, now);
      return (row) => !inner(row);
    }
    case 'text': {
      const matches = compileWildcard(node.value, true);
      return (row) => matchesMessage(row, matches);
    }
    case 'term': {
      const positive = compileTerm(node, slugs, now);
      return node.negated ? (row) => !positive(row) : positive;
    }
  }
}

function matchesMessage(row: EventRow, matches: (text: string) => boolean): boolean {
  const { event } = row;
  return [event.message, event.title, event.culprit].some(
    (text) => typeof text === 'string' && matches(text),
  );
}

function textMatcher(values: string[]): (value: string) => boolean {
  const matchers = values.map((value) =>
    hasWildcard(value) ? compileWildcard(value, false) : (text: string) => text === value,
  );
  return (text) => matchers.some((matches) => matches(text));
}

function compileTerm(term: TermNode, slugs: ProjectSlugs, now: number): EventPredicate {
  const values = Array.isArray(term.value) ? term.value : [term.value];
  const canonical = term.explicitTag ? null : (lookupKey(term.key, false)?.name ?? null);
  const negate = term.op === '!=';
  const apply = (predicate: EventPredicate): EventPredicate =>
    negate ? (row) => !predicate(row) : predicate;

  if (canonical === 'has') {
    const column = columnFor(values[0]!, false);
    return apply((row) => {
      const value = cellOf(column, row, slugs);
      return value !== null && value !== '';
    });
  }
  if (canonical === 'message') {
    const matchers = values.map((value) => compileWildcard(value, true));
    return apply((row) => matchers.some((matches) => matchesMessage(row, matches)));
  }
  if (canonical === 'error.handled' || canonical === 'error.unhandled') {
    const wantHandled = (values[0] === 'true' || values[0] === '1') === (canonical === 'error.handled');
    return apply((row) => (row.event.handled !== false) === wantHandled);
  }
  if (canonical === 'event.timestamp') return apply(timestampTerm(term, now));
  if (canonical === 'issue') {
    // The routes resolve short ids first (`issue-short-ids.ts`); an engine called without them refuses.
    throw new DiscoverQueryError(
      'query',
      'invalid-query',
      'issue: takes a short id; filter events with issue.id:<id>',
    );
  }
  const column = columnFor(term.key, term.explicitTag);
  const matches = textMatcher(values);
  return apply((row) => {
    const value: CellValue = cellOf(column, row, slugs);
    return matches(value === null ? '' : String(value));
  });
}

function columnFor(key: string, explicitTag: boolean): ColumnRef {
  if (explicitTag) return { kind: 'column', name: key, source: { tag: key, numeric: false }, type: 'string' };
  if (key in columnsOf('errors')) return parseColumn(key, 'errors', 'query');
  return { kind: 'column', name: key, source: { tag: key, numeric: false }, type: 'string' };
}

function timestampTerm(term: TermNode, now: number): EventPredicate {
  const text = Array.isArray(term.value) ? term.value[0]! : term.value;
  const relative = parseRelativeDate(text);
  if (relative) {
    const boundary = now - relative.ms;
    return relative.newer ? (row) => row.timestamp >= boundary : (row) => row.timestamp < boundary;
  }
  const date = parseSearchDate(text);
  if (!date)
    throw new DiscoverQueryError(
      'query',
      'invalid-query',
      `event.timestamp: ${JSON.stringify(text)} is not a date`,
    );
  switch (term.op) {
    case '>':
      return (row) => row.timestamp > date.at;
    case '>=':
      return (row) => row.timestamp >= date.at;
    case '<':
      return (row) => row.timestamp < date.at;
    case '<=':
      return (row) => row.timestamp <= date.at;
    default:
      return (row) => row.timestamp >= date.from && row.timestamp < date.to;
  }
}
