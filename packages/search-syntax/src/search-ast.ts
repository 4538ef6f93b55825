/**
 * The issue-search AST: Sentry's `key:value` syntax plus Dexter's `AND`, `OR`, parentheses and
 * `!( … )`, as one discriminated union: the parser builds it, the printer writes it back, and the
 * gateway's planner and evaluator and the built-in store's query layer read it.
 *
 * Invariants (the parser guarantees them, the other modules rely on them):
 * - `and` / `or` nodes have at least two children and never a child of their own type
 *   (nested groups of the same operator are flattened);
 * - a term's `value` is a non-empty list only when written as `key:[a, b]`, and its items are
 *   validated for the key like a single value;
 * - `span` is the half-open character range `[start, end)` of the node in the query text;
 * - a term's `op` is `=` unless written (`key:>=1`, `key:!=x`); `negated` is the leading `!`.
 */

export interface Span {
  start: number;
  end: number;
}

export type TermOp = '=' | '!=' | '>' | '>=' | '<' | '<=';

/** How a term's value was read, decided by its key: see `search-keys.ts`. */
export type ValueKind = 'text' | 'number' | 'date' | 'relative-date' | 'boolean';

export interface TermNode {
  type: 'term';
  /** The key as written (`age`, `timesSeen`, `user.email`); aliases resolve in `search-keys.ts`. */
  key: string;
  /** Written as `tags[key]:…`: always a tag, even when the name is a built-in key. */
  explicitTag: boolean;
  op: TermOp;
  /** Unquoted, with `\"` decoded; wildcards (`*`, `\*`) are still in the text. */
  value: string | string[];
  valueKind: ValueKind;
  negated: boolean;
  span: Span;
}

/** Free text: consecutive bare words form one phrase, as in Sentry (`example error`). */
export interface TextNode {
  type: 'text';
  value: string;
  quoted: boolean;
  span: Span;
}

export interface AndNode {
  type: 'and';
  children: SearchNode[];
}

export interface OrNode {
  type: 'or';
  children: SearchNode[];
}

/** Only from `!( … )`, a Dexter extension; `!key:value` stays a negated term. */
export interface NotNode {
  type: 'not';
  child: SearchNode;
  span: Span;
}

export type SearchNode = AndNode | OrNode | NotNode | TermNode | TextNode;

/**
 * Why a query was refused: callers that word their own messages switch on it (the built-in store
 * keeps the wording it has always answered with); `message` is the parser's own wording.
 * - `syntax`: parentheses, `AND` / `OR` without a term, list punctuation, text glued to a
 *   closing quote or list;
 * - `missing-value`, `missing-list-item`: `key:` or `key:[a,]` with nothing to read;
 * - `list`: a list after a key that takes one value; `operator`, `value`: what the key refuses.
 */
export type SearchErrorReason =
  | 'too-long'
  | 'syntax'
  | 'unclosed-quote'
  | 'unclosed-list'
  | 'missing-value'
  | 'missing-list-item'
  | 'list'
  | 'operator'
  | 'value';

/** A 0-based character offset, what the parser wanted there and, inside a filter, its key. */
export interface SearchError {
  reason: SearchErrorReason;
  position: number;
  expected: string;
  message: string;
  /** The filter's key as written (`times_seen`, `tags[level]`), when the error is inside one. */
  field?: string;
  /** The operator or (unquoted) value at fault, for `operator` and `value`. */
  found?: string;
}

export type ParseResult = { ok: true; ast: SearchNode | null } | { ok: false; error: SearchError };

export function searchError(
  reason: SearchErrorReason,
  position: number,
  expected: string,
  where: { field?: string; found?: string } = {},
): SearchError {
  const error: SearchError = {
    reason,
    position,
    expected,
    message: `expected ${expected} at position ${position}`,
  };
  if (where.field !== undefined) error.field = where.field;
  if (where.found !== undefined) error.found = where.found;
  return error;
}

/** One child stands alone; nested nodes of the same operator are flattened into this one. */
export function combine(type: 'and' | 'or', children: readonly SearchNode[]): SearchNode {
  const flat = children.flatMap((child) => (child.type === type ? child.children : [child]));
  return flat.length === 1 && flat[0] ? flat[0] : { type, children: flat };
}
