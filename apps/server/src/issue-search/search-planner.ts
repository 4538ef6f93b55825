/**
 * Decides what runs where: which Sentry (or built-in store) queries to send, and what Dexter must
 * still evaluate on each issue they return. Sentry's issue search is a conjunction of filters with
 * OR only inside one key (`level:[error, fatal]`); Dexter adds OR/AND/parentheses across keys,
 * `!( … )` and stack-frame search, so a query is split:
 *
 * 1. Rewrite exactly: push `!( … )` down to the terms (De Morgan), fold `k:a OR k:b` into
 *    `k:[a, b]`, expand into an OR of conjunctions (disjunctive normal form), at most
 *    `maxFanOut` (8) of them.
 * 2. Per conjunction, every literal the upstream runs exactly goes upstream (so it narrows the
 *    scan); the rest is the branch's residual, evaluated by Dexter on each returned issue.
 * 3. Strategy (a) `upstream`: one branch, nothing residual: one upstream query, Sentry pages.
 *    (b) `fan-out`: several branches, each its own upstream query (and maybe its own residual);
 *    results are merged by issue id and sorted again in Dexter. When one branch sends only the
 *    filters every branch sends, its upstream results contain every other branch's: if it is
 *    exact it is the whole answer, and if it scans, one scan of it evaluating the whole query
 *    replaces the fan-out (`frame:x OR level:fatal` scans once rather than twice).
 *    (c) `residual`: one branch with a residual: Dexter pages upstream and filters.
 * 4. Past `maxFanOut` branches: only the top-level AND-ed literals go upstream, and the rest is one
 *    residual, as long as Dexter can evaluate every literal in it; otherwise a 400 that names it.
 *
 * Cost: (a) is what Sentry costs; (b) is one upstream stream per branch; (c) is the number of
 * issues scanned, plus one latest-event fetch per scanned issue when frames are needed (cached per
 * issue). The issues service bounds (c) with `SEARCH_LIMITS` and reports `scanned`/`truncated`.
 */
import { combine, printSearch, type SearchError, type SearchNode } from '@dexter/search-syntax';
import { canEvaluateLocally, literalNeeds } from './search-evaluator';
import {
  asLiteral,
  type Literal,
  mergeSameKeyLists,
  toDisjunctiveForm,
  toNegationNormalForm,
} from './search-normalize';
import { sentryUpstream, type UpstreamDialect } from './search-upstream';

export const SEARCH_LIMITS = {
  /** Upstream queries one search may fan out to. */
  maxFanOut: 8,
  /** Issues Dexter evaluates per page request before it stops and answers `truncated`. */
  maxScannedIssues: 1000,
  /** Latest-event fetches (for `frame:`) per page request; results are cached per issue. */
  maxFrameFetches: 200,
} as const;

export interface SearchBranch {
  /** Upstream syntax; `''` narrows nothing (send `query=` explicitly: absent means is:unresolved). */
  upstreamQuery: string;
  /** What Dexter evaluates on each issue of this branch; null when the upstream is exact. */
  residual: SearchNode | null;
  needsFrames: boolean;
  needsTags: boolean;
}

export interface SearchPlan {
  strategy: 'upstream' | 'fan-out' | 'residual';
  branches: SearchBranch[];
  needsFrames: boolean;
  needsTags: boolean;
}

/** A query the planner cannot run, positioned and worded like a parse error. */
export type PlanError = Pick<SearchError, 'position' | 'expected' | 'message'>;

export type PlanResult = { ok: true; plan: SearchPlan } | { ok: false; error: PlanError };

export interface PlanOptions {
  upstream?: UpstreamDialect;
  maxFanOut?: number;
}

/** A branch with the upstream filters it sends, one by one, for comparing branches. */
interface PlannedBranch extends SearchBranch {
  sent: string[];
}

class Unplannable {
  constructor(readonly error: PlanError) {}
}

export function planSearch(ast: SearchNode | null, options: PlanOptions = {}): PlanResult {
  const upstream = options.upstream ?? sentryUpstream;
  const maxFanOut = options.maxFanOut ?? SEARCH_LIMITS.maxFanOut;
  if (ast === null) return { ok: true, plan: toPlan([branch([], [])]) };
  const normal = mergeSameKeyLists(toNegationNormalForm(ast));
  const conjunctions = toDisjunctiveForm(normal, maxFanOut);
  try {
    const branches = conjunctions
      ? planBranches(conjunctions, normal, upstream)
      : [planTopLevel(normal, upstream, maxFanOut)];
    return { ok: true, plan: toPlan(branches) };
  } catch (caught) {
    if (caught instanceof Unplannable) return { ok: false, error: caught.error };
    throw caught;
  }
}

function planBranches(
  conjunctions: Literal[][],
  whole: SearchNode,
  upstream: UpstreamDialect,
): PlannedBranch[] {
  const byIdentity = new Map<string, PlannedBranch>();
  for (const literals of conjunctions) {
    const sent: string[] = [];
    const kept: Literal[] = [];
    for (const literal of literals) {
      const printed = upstream.print(literal);
      if (printed !== null) sent.push(printed);
      else kept.push(requireLocal(literal, `a filter ${upstream.name} can run`));
    }
    const planned = branch(sent, kept);
    byIdentity.set(`${planned.upstreamQuery}\n${printSearch(planned.residual)}`, planned);
  }
  const branches = [...byIdentity.values()];
  if (branches.length === 1) return branches;
  // The filters every branch sends. The upstream results of a branch that sends only these
  // contain every other branch's results (their queries only add filters).
  const common = branches
    .map((b) => b.sent)
    .reduce((shared, sent) => shared.filter((part) => sent.includes(part)));
  const loosest = branches.find((b) => b.sent.length === common.length);
  if (loosest && loosest.residual === null) return [loosest];
  if (!loosest || !literalsOf(whole).every(canEvaluateLocally)) return branches;
  const conjuncts = whole.type === 'and' ? whole.children : [whole];
  const rest = conjuncts.filter((conjunct) => {
    const literal = asLiteral(conjunct);
    const printed = literal ? upstream.print(literal) : null;
    return printed === null || !common.includes(printed);
  });
  return [branch(common, rest)];
}

/** Too many OR branches: send the top-level AND-ed literals, evaluate the rest in Dexter. */
function planTopLevel(normal: SearchNode, upstream: UpstreamDialect, maxFanOut: number): PlannedBranch {
  const sent: string[] = [];
  const kept: SearchNode[] = [];
  for (const conjunct of normal.type === 'and' ? normal.children : [normal]) {
    const literal = asLiteral(conjunct);
    const printed = literal ? upstream.print(literal) : null;
    if (printed !== null) {
      sent.push(printed);
      continue;
    }
    for (const literal of literalsOf(conjunct)) {
      requireLocal(literal, `at most ${maxFanOut} OR branches once parentheses are expanded`);
    }
    kept.push(conjunct);
  }
  return branch(sent, kept);
}

function requireLocal(literal: Literal, expected: string): Literal {
  if (canEvaluateLocally(literal)) return literal;
  const why = `"${printSearch(literal)}" is evaluated by Sentry only`;
  const position = literal.span.start;
  const wanted = `${expected} (${why})`;
  throw new Unplannable({
    position,
    expected: wanted,
    message: `expected ${wanted} at position ${position}`,
  });
}

function branch(parts: readonly string[], kept: readonly SearchNode[]): PlannedBranch {
  const sent = [...new Set(parts)];
  const residual = kept.length === 0 ? null : combine('and', kept);
  const needs = literalsOf(residual).map(literalNeeds);
  return {
    sent,
    upstreamQuery: sent.join(' '),
    residual,
    needsFrames: needs.some((need) => need.frames),
    needsTags: needs.some((need) => need.tags),
  };
}

function toPlan(planned: PlannedBranch[]): SearchPlan {
  const branches = planned.map(({ sent: _sent, ...rest }) => rest);
  const strategy = branches.length > 1 ? 'fan-out' : branches[0]?.residual ? 'residual' : 'upstream';
  return {
    strategy,
    branches,
    needsFrames: branches.some((b) => b.needsFrames),
    needsTags: branches.some((b) => b.needsTags),
  };
}

/** The literals of a tree in negation normal form. */
function literalsOf(node: SearchNode | null): Literal[] {
  if (node === null) return [];
  if (node.type === 'and' || node.type === 'or') return node.children.flatMap(literalsOf);
  const literal = asLiteral(node);
  return literal ? [literal] : node.type === 'not' ? literalsOf(node.child) : [];
}
