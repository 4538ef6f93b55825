/**
 * Evaluates a search AST on one issue, in Dexter: the residual part of a plan, for each issue an
 * upstream query returned. Compile once per query (`compileSearch`), then call the predicate per
 * issue; `matchesIssue` is the one-shot form. Pure: the clock comes in `ctx.now`.
 *
 * Not everything Sentry evaluates can be evaluated here: `is:for_review`, `is:linked`,
 * `assigned_or_suggested:`, `release:latest`… need Sentry's own state. `canEvaluateLocally` says
 * which literals Dexter can evaluate, and the planner never leaves any other in a residual.
 */
import { compileWildcard, lookupKey, type SearchNode } from '@dexter/search-syntax';
import type { IssueForSearch, SearchContext } from './search-issue';
import type { Literal } from './search-normalize';
import { compileTerm, type IssuePredicate, searchableTexts } from './search-term-matchers';

export type { FrameForSearch, IssueForSearch, SearchContext } from './search-issue';

export function compileSearch(node: SearchNode | null): IssuePredicate {
  if (node === null) return () => true;
  switch (node.type) {
    case 'and': {
      const children = node.children.map(compileSearch);
      return (issue, ctx) => children.every((child) => child(issue, ctx));
    }
    case 'or': {
      const children = node.children.map(compileSearch);
      return (issue, ctx) => children.some((child) => child(issue, ctx));
    }
    case 'not': {
      const child = compileSearch(node.child);
      return (issue, ctx) => !child(issue, ctx);
    }
    case 'text': {
      const contains = compileWildcard(node.value, true);
      return (issue) => searchableTexts(issue).some((text) => typeof text === 'string' && contains(text));
    }
    case 'term':
      return compileTerm(node);
  }
}

export function matchesIssue(node: SearchNode | null, issue: IssueForSearch, ctx: SearchContext): boolean {
  return compileSearch(node)(issue, ctx);
}

const UPSTREAM_ONLY_IS = new Set(['for_review', 'linked', 'unlinked']);

/** Whether Dexter can evaluate this literal from an `IssueForSearch` (plus tags, frames, viewer). */
export function canEvaluateLocally(literal: Literal): boolean {
  if (literal.type !== 'term') return true;
  const spec = lookupKey(literal.key, literal.explicitTag);
  const values = Array.isArray(literal.value) ? literal.value : [literal.value];
  switch (spec?.name) {
    case 'is':
      return !values.some((value) => UPSTREAM_ONLY_IS.has(value));
    case 'assigned_or_suggested':
    case 'event.timestamp':
      return false;
    case 'bookmarks':
    case 'subscribed':
      return values.every((value) => value === 'me');
    case 'release':
    case 'first-release':
      return !values.includes('latest');
    default:
      return true;
  }
}

/** What the issues service must fetch before evaluating: the latest event's frames, tags. */
export function literalNeeds(literal: Literal): { frames: boolean; tags: boolean } {
  if (literal.type !== 'term') return { frames: false, tags: false };
  const spec = lookupKey(literal.key, literal.explicitTag);
  return {
    frames: spec?.family === 'frame',
    tags: spec === null || spec.family === 'has' || spec.name === 'release' || spec.name === 'environment',
  };
}
