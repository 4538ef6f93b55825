/**
 * What each upstream can run, literal by literal. A dialect prints a literal in that upstream's
 * syntax when the upstream evaluates it exactly as Dexter would, and answers null otherwise (the
 * planner then keeps the literal for Dexter). Two upstreams exist:
 * - Sentry (`GET /api/0/organizations/{org}/issues/?query=`): the whole syntax except OR/AND/
 *   parentheses across keys (400 "Boolean statements … are not supported"), Dexter's `frame*` and
 *   `culprit` keys, negated free text, wildcards inside lists, and `!` on date filters (its
 *   grammar has no negation there, so the planner flips the comparison instead);
 * - Dexter's built-in store (`packages/store/src/api/issue-query.ts`, which this must follow as it
 *   grows): most of the syntax, with gaps Dexter fills: keys it does not know (`project:`,
 *   `subscribed:`, `title:`, `issue.category:` …) it reads as tags and silently matches nothing;
 *   it ignores `!` on numbers and dates, reads a bare date as "from then on", ANDs the values of
 *   a `times_seen:[…]` list, and decodes every backslash in quotes.
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

/** What the store reads as Dexter does; anything else it would take for a tag, or refuse. */
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
const STORE_TAG = /^[A-Za-z_][\w.-]*$/;
const STORE_NUMBER = /^\d+(?:\.\d+)?[km]?$/;

export const builtInStoreUpstream: UpstreamDialect = {
  name: 'the built-in store',
  print(literal) {
    if (literal.type === 'not') return null;
    // The store strips `*` from free text and decodes every backslash escape.
    if (literal.type === 'text') return /[*\\]/.test(literal.value) ? null : printText(literal, true);
    const term = withoutNotEqual(literal);
    const spec = lookupKey(term.key, term.explicitTag);
    // Its lists split on every comma and its quotes decode every backslash.
    if (values(term).some((value) => /[,"\\]/.test(value))) return null;
    if (spec === null) return term.explicitTag || STORE_TAG.test(term.key) ? printTerm(term) : null;
    if (spec.family === 'date') return storeDate(term, spec.name);
    if (spec.family === 'number') {
      const plain = !term.negated && !Array.isArray(term.value) && STORE_NUMBER.test(term.value);
      return plain ? printTerm(term) : null;
    }
    if (!STORE_KEYS.has(spec.name) || values(term).includes('latest')) return null;
    return spec.name === 'is' && term.value === 'reprocessing' ? null : printTerm(term);
  },
};

/** The store ignores `!` on dates and reads a bare date as "from then on": send comparisons only. */
function storeDate(term: TermNode, name: string): string | null {
  const date = name === 'event.timestamp' ? null : withoutDateNegation(term);
  if (!date || (date.valueKind === 'date' && date.op === '=')) return null;
  return printTerm({ ...date, key: name });
}
