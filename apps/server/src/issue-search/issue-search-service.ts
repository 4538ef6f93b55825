/**
 * Issue search over the upstream: parse Dexter's syntax, plan it against the upstream's dialect
 * (Sentry in companion mode, the built-in store in standalone mode), then run the plan:
 * - `upstream`: one upstream query; Sentry pages and counts (`hits`);
 * - `fan-out`: one upstream stream per branch, merged by id and re-sorted in Dexter, `hits: null`;
 * - `residual`: upstream pages (100 issues each) filtered by what only Dexter evaluates, until
 *   the page is full or a bound of `SEARCH_LIMITS` is hit (`truncated`).
 * `page` answers one list page with an opaque cursor (per branch: upstream cursor + offset);
 * `all` streams every match with no bound, for exports and bulk jobs (background priority).
 *
 * Errors: a query the parser or planner refuses is a `DEXTER_ERR_VALIDATION` whose details are
 * `{position, expected}` and whose message names the position.
 */
import type { IssueListSort } from '@dexter/contracts';
import { parseSearch } from '@dexter/search-syntax';
import type { CallOptions, SentryClient, Issue as SentryIssue } from '@dexter/sentry-client';
import { LRUCache } from 'lru-cache';
import { DexterError } from '../errors/error-codes';
import { decodeCursor, encodeCursor, type Position, searchIdentity } from './issue-search-cursor';
import { createEvidenceLoader } from './issue-search-evidence';
import {
  canMerge,
  compareForSort,
  mergeBranches,
  type ScanBranch,
  type ScanState,
} from './issue-search-merge';
import { createBranchStream } from './issue-search-stream';
import { compileSearch } from './search-evaluator';
import { type PlanError, planSearch, SEARCH_LIMITS, type SearchPlan } from './search-planner';
import type { UpstreamDialect } from './search-upstream';

/** Upstream page size while Dexter filters (Sentry's maximum). */
const SCAN_PAGE = 100;

export interface IssueSearchParams {
  /** Dexter search syntax; `''` matches every issue. */
  query: string;
  sort: IssueListSort;
  projects: readonly string[];
  environments: readonly string[];
  statsPeriod?: string;
  groupStatsPeriod?: '' | '24h' | '14d' | 'auto';
}

export interface SearchPage {
  issues: SentryIssue[];
  nextCursor: string | null;
  previousCursor: string | null;
  hits: number | null;
  scanned?: number;
  truncated?: boolean;
}

export interface IssueSearchDeps {
  sentry: Pick<SentryClient, 'issues' | 'events'>;
  dialect: UpstreamDialect;
  now?: () => number;
}

const needsOf = (plan: SearchPlan) => ({ frames: plan.needsFrames, tags: plan.needsTags });

const invalidQuery = (error: PlanError) =>
  new DexterError('DEXTER_ERR_VALIDATION', `Invalid query: ${error.message}`, {
    position: error.position,
    expected: error.expected,
  });

/** Distinct queries whose plans are kept: a team reuses a few dozen searches all day. */
const KEPT_PLANS = 500;

export function createIssueSearch({ sentry, dialect, now = Date.now }: IssueSearchDeps) {
  // A plan depends on the query text and the dialect alone (no clock, no other parameter), and
  // nothing mutates one, so each query is parsed and planned once, not on every page of it
  // (bench:gateway's miss section walks pages). Refused queries are not kept.
  const plans = new LRUCache<string, SearchPlan>({ max: KEPT_PLANS });

  function plannedQuery(query: string): SearchPlan {
    const kept = plans.get(query);
    if (kept) return kept;
    const parsed = parseSearch(query);
    if (!parsed.ok) throw invalidQuery(parsed.error);
    const planned = planSearch(parsed.ast, { upstream: dialect });
    if (!planned.ok) throw invalidQuery(planned.error);
    plans.set(query, planned.plan);
    return planned.plan;
  }

  function planOf(params: IssueSearchParams): SearchPlan {
    const plan = plannedQuery(params.query);
    if (plan.branches.length > 1 && !canMerge(params.sort)) {
      throw new DexterError(
        'DEXTER_ERR_VALIDATION',
        `Invalid sort: "${params.sort}" cannot be combined with OR across different fields; use date, new, freq or user`,
      );
    }
    return plan;
  }

  function branchesOf(
    org: string,
    params: IssueSearchParams,
    plan: SearchPlan,
    starts: ReadonlyArray<Position | null>,
    exactPageSize: number,
    options: CallOptions,
  ): ScanBranch[] {
    return plan.branches.map((branch, index) => {
      const limit = branch.residual ? SCAN_PAGE : exactPageSize;
      const fetchPage = (cursor: string | null) =>
        sentry.issues.list(
          org,
          {
            // Sent even when empty: without `query`, Sentry applies `is:unresolved`.
            query: branch.upstreamQuery,
            sort: params.sort,
            limit,
            cursor: cursor ?? undefined,
            project: params.projects,
            environment: params.environments,
            statsPeriod: params.statsPeriod,
            groupStatsPeriod: params.groupStatsPeriod,
          },
          options,
        );
      return {
        stream: createBranchStream(fetchPage, starts[index] ?? null),
        residual: branch.residual ? compileSearch(branch.residual) : null,
      };
    });
  }

  const identityOf = (params: IssueSearchParams) =>
    searchIdentity([params.query, params.sort, params.projects, params.environments, params.statsPeriod]);

  return {
    /** Validates a query without running it (bulk jobs check before they are stored). */
    check(params: IssueSearchParams): void {
      planOf(params);
    },

    async page(
      org: string,
      params: IssueSearchParams,
      page: { limit: number; cursor?: string },
      options: CallOptions = {},
    ): Promise<SearchPage> {
      const plan = planOf(params);
      const identity = identityOf(params);
      const starts = decodeCursor(identity, page.cursor, plan.branches.length);
      const branches = branchesOf(org, params, plan, starts, page.limit, options);
      const budget = { frameFetches: SEARCH_LIMITS.maxFrameFetches };
      const evidence = createEvidenceLoader(sentry, org, needsOf(plan), budget, options);
      const state: ScanState = { scanned: 0, maxScanned: SEARCH_LIMITS.maxScannedIssues, truncated: false };
      const issues: SentryIssue[] = [];
      const [only] = branches;
      if (plan.strategy === 'upstream' && only) {
        // One exact upstream query (one branch, no residual): its issues come in order and all
        // match, so no merging.
        issues.push(...(await only.stream.takeUpTo(page.limit)));
      } else if (branches.some((branch) => branch.stream.position !== null)) {
        for await (const issue of mergeBranches(
          branches,
          compareForSort(params.sort),
          evidence,
          state,
          now,
        )) {
          issues.push(issue);
          if (issues.length >= page.limit) break;
        }
      }
      const exact = plan.strategy === 'upstream';
      const previous = exact ? branches[0]?.stream.previous : null;
      return {
        issues,
        nextCursor: encodeCursor(
          identity,
          branches.map((branch) => branch.stream.position),
        ),
        previousCursor: previous ? encodeCursor(identity, [{ cursor: previous, offset: 0 }]) : null,
        hits: exact ? (branches[0]?.stream.hits ?? null) : null,
        ...(exact ? {} : { scanned: state.scanned, truncated: state.truncated }),
      };
    },

    /** Every matching issue, in the sort order, without bounds. */
    async *all(
      org: string,
      params: IssueSearchParams,
      options: CallOptions = {},
    ): AsyncGenerator<SentryIssue> {
      const plan = planOf(params);
      const starts = plan.branches.map(() => ({ cursor: null, offset: 0 }));
      const branches = branchesOf(org, params, plan, starts, SCAN_PAGE, options);
      const evidence = createEvidenceLoader(sentry, org, needsOf(plan), { frameFetches: Infinity }, options);
      const state: ScanState = { scanned: 0, maxScanned: Infinity, truncated: false };
      yield* mergeBranches(branches, compareForSort(params.sort), evidence, state, now);
    },
  };
}

export type IssueSearch = ReturnType<typeof createIssueSearch>;
