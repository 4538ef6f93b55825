/**
 * Sentry's issue search syntax plus Dexter's `AND`, `OR`, parentheses, `!( … )` and `frame:`: one
 * parser, one AST, one printer, and the key table and value readers they share. The gateway plans
 * and evaluates this AST; the built-in store turns it into SQL. Pure: no I/O, no Node APIs, and a
 * query is refused past its maximum length before any work.
 */

export { eventSearchOf, ISSUE_ONLY_KEYS, isIssueOnlyKey } from './event-search';
export type { NotNode, SearchError, SearchNode, TermNode, TermOp, TextNode } from './search-ast';
export { combine } from './search-ast';
export { BUILT_IN_KEYS, type KeySpec, lookupKey } from './search-keys';
export { DEFAULT_MAX_QUERY_LENGTH, parseSearch } from './search-parser';
export { printSearch, printTerm, printText } from './search-print';
export {
  compileWildcard,
  hasWildcard,
  parseRelativeDate,
  parseSearchDate,
  parseSearchNumber,
} from './search-values';
