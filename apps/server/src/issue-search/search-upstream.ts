/**
 * What each upstream can run, literal by literal. A dialect prints a literal in that upstream's
 * syntax when the upstream evaluates it exactly as Dexter would, and answers null otherwise (the
 * planner then keeps the literal for Dexter). Two upstreams exist:
 * - Sentry (`GET /api/0/organizations/{org}/issues/?query=`): the whole syntax except OR/AND/
 *   parentheses across keys (400 "Boolean statements … are not supported"), Dexter's `frame*` and
 *   `culprit` keys, negated free text, wildcards inside lists, and `!` on date filters (its
 *   grammar has no negation there, so the planner flips the comparison instead);
 * - Dexter's built-in store (`packages/store/src/api/issue-search/`, which this must follow as it
 *   grows): it reads the same grammar, with gaps Dexter fills: keys it does not know (`project:`,
 *   `subscribed:`, `title:`, `issue.category:` …) it reads as tags and silently matches nothing;
 *   it reads a bare date as "from then on", ANDs the values of a `times_seen:[…]` list, strips
 *   `*` from free text, and matches `*` in values with SQL's LIKE, where `\` escapes nothing.
 */
import {
  hasWildcard,
  lookupKey,
  printTerm,
  printText,
  type TermNode,
  type TermOp,
} from '@dexter/search-syntax';
import type { Literal } from './search-normalize';

export interface UpstreamDialect {
  name: string;
  /** The literal in the upstream's syntax, or null when the upstream cannot run it exactly. */
  print(literal: Literal): string | null;
}

const FLIPPED: Record<TermOp, TermOp> = { '>': '<=', '>=': '<', '<': '>=', '<=': '>', '=': '!=', '!=': '=' };

/** `key:!=v` is `!key:v`; upstreams know the latter better (Sentry's text filters, the store). */
function withoutNotEqual(term: TermNode): TermNode {
  return term.op === '!=' ? { ...term, op: '=', negated: !term.negated } : term;
}

/**
 * A date term without `!`, which neither upstream takes: `!lastSeen:-24h` is `lastSeen:+24h`,
 * `!firstSeen:>X` is `firstSeen:<=X`; null for a negated exact date (the complement is two ranges).
 */
function withoutDateNegation(term: TermNode): TermNode | null {
  if (!term.negated) return term;
  if (term.valueKind === 'relative-date' && typeof term.value === 'string') {
    return {
      ...term,
      negated: false,
      value: `${term.value.startsWith('-') ? '+' : '-'}${term.value.slice(1)}`,
    };
  }
  return term.op === '=' ? null : { ...term, negated: false, op: FLIPPED[term.op] };
}

const values = (term: TermNode) => (Array.isArray(term.value) ? term.value : [term.value]);

export const sentryUpstream: UpstreamDialect = {
  name: 'Sentry',
  print(literal) {
    if (literal.type === 'not') return null;
    // Always quoted: two bare phrases side by side would merge into one phrase upstream.
    if (literal.type === 'text') return printText(literal, true);
    const term = withoutNotEqual(literal);
    const spec = lookupKey(term.key, term.explicitTag);
    if (spec?.dexterOnly) return null;
    if (Array.isArray(term.value) && term.value.some(hasWildcard)) return null;
    if (spec?.name === 'is' && term.value === 'bookmarked') {
      return printTerm({ ...term, key: 'bookmarks', value: 'me' });
    }
    if (spec?.family === 'date') {
      const date = withoutDateNegation(term);
      return date ? printTerm(date) : null;
    }
    return printTerm(term);
  },
};

/** Keys the store reads as Dexter does; anything else it would take for a tag, or refuse. */
const STORE_KEYS = new Set([
  'is',
  'has',
  'assigned',
  'assigned_or_suggested',
  'bookmarks',
  'level',
  'issue.priority',
  'first-release',
  'release',
  'environment',
  'error.type',
  'error.value',
]);

export const builtInStoreUpstream: UpstreamDialect = {
  name: 'the built-in store',
  print(literal) {
    if (literal.type === 'not') return null;
    if (literal.type === 'text') return literal.value.includes('*') ? null : printText(literal, true);
    const term = withoutNotEqual(literal);
    const spec = lookupKey(term.key, term.explicitTag);
    // Dexter reads `\` as an escape (`\*` is a literal star); the store's LIKE does not.
    if (values(term).some((value) => value.includes('\\'))) return null;
    if (spec === null) return printTerm(term);
    if (spec.family === 'date') return storeDate(term, spec.name);
    if (spec.family === 'number') return Array.isArray(term.value) ? null : printTerm(term);
    if (!STORE_KEYS.has(spec.name) || values(term).includes('latest')) return null;
    return spec.name === 'is' && term.value === 'reprocessing' ? null : printTerm(term);
  },
};

/** The store reads a bare date as "from then on" and has no `event.timestamp`: the rest it runs. */
function storeDate(term: TermNode, name: string): string | null {
  if (name === 'event.timestamp' || (term.valueKind === 'date' && term.op === '=')) return null;
  return printTerm({ ...term, key: name });
}

/** What the upstream of this mode misreads, Dexter evaluates: the store's dialect or Sentry's. */
export const dialectFor = (mode: 'standalone' | 'companion'): UpstreamDialect =>
  mode === 'standalone' ? builtInStoreUpstream : sentryUpstream;
