/**
 * `GET /organizations/{org}/issues/`: search, sort and offset pagination over the issues table,
 * and the same selection for bulk mutations by query. `group=<id>` (repeated) returns exactly
 * those issues and ignores the query, as Sentry does; an absent `query` means `is:unresolved`, an
 * empty one means everything. A date range (`statsPeriod`, or `start`/`end`) keeps the issues that
 * had events in it, judged by their first and last event. (Without one, Sentry bounds the list to
 * its 90-day retention; the store keeps no retention and lists everything.)
 *
 * Sorts are the spec's: `date` (last seen), `new` (first seen), `freq` (events), `user` (users),
 * `inbox` (date added to the inbox, which for the store is the first event), and two
 * approximations of Sentry's scored sorts: `trends` (events in the last 24 hours) and
 * `recommended` (events weighted down by hours since the last one).
 */
import { ISSUE_SORTS, type IssueSort } from '@dexter/sentry-wire';
import { sql } from 'kysely';
import { ApiError } from './api-error';
import type { ApiContext } from './http/api-context';
import { type FilterContext, type IssueEb, queryCondition } from './issue-search/issue-filters';
import { parseIssueQuery } from './issue-search/issue-query';

export interface IssueSelection {
  organizationId: number;
  query: string | undefined;
  projectIds: number[];
  environments: string[];
  groupIds: number[];
  memberId: number | null;
  /** Inclusive epoch-ms bounds of the events wanted. */
  range?: { start: number | null; end: number | null };
}

export interface IssueListParams extends IssueSelection {
  sort: string | undefined;
  limit: number;
  offset: number;
}

const DAY = 86_400_000;

function sortExpression(eb: IssueEb, sort: IssueSort, now: number) {
  switch (sort) {
    case 'date':
      return eb.ref('issues.last_seen');
    case 'new':
    case 'inbox':
      return eb.ref('issues.first_seen');
    case 'freq':
      return eb.ref('issues.times_seen');
    case 'user':
      return eb.ref('issues.user_count');
    case 'trends':
      return eb
        .selectFrom('events')
        .select((inner) => inner.fn.countAll().as('n'))
        .whereRef('events.issue_id', '=', 'issues.id')
        .where('events.timestamp', '>=', now - DAY);
    case 'recommended':
      return sql`issues.times_seen * 1.0 / ((${now} - issues.last_seen) / 3600000.0 + 2)`;
  }
}

export function selectIssues(ctx: ApiContext, selection: IssueSelection) {
  const filterContext: FilterContext = { memberId: selection.memberId };
  const query =
    selection.groupIds.length > 0 ? null : parseIssueQuery(selection.query ?? 'is:unresolved', ctx.now());
  let select = ctx.db
    .selectFrom('issues')
    .innerJoin('projects', 'projects.id', 'issues.project_id')
    .where('projects.organization_id', '=', selection.organizationId);
  if (selection.groupIds.length > 0) select = select.where('issues.id', 'in', selection.groupIds);
  if (selection.projectIds.length > 0) select = select.where('issues.project_id', 'in', selection.projectIds);
  if (query) select = select.where((eb) => queryCondition(eb, query, filterContext));
  if (query && selection.environments.length > 0) {
    const environments = selection.environments;
    select = select.where((eb) =>
      eb.exists(
        eb
          .selectFrom('issue_tags')
          .select('issue_tags.issue_id')
          .whereRef('issue_tags.issue_id', '=', 'issues.id')
          .where('issue_tags.key', '=', 'environment')
          .where('issue_tags.value', 'in', environments),
      ),
    );
  }
  const { start, end } = selection.range ?? { start: null, end: null };
  if (start !== null) select = select.where('issues.last_seen', '>=', start);
  if (end !== null) select = select.where('issues.first_seen', '<=', end);
  return select;
}

function checkSort(sort: string | undefined): IssueSort {
  const key = sort ?? 'date';
  if (!(ISSUE_SORTS as readonly string[]).includes(key)) {
    throw new ApiError(
      400,
      `Invalid sort: ${JSON.stringify(key.slice(0, 50))}; expected one of ${ISSUE_SORTS.join(', ')}`,
    );
  }
  return key as IssueSort;
}

/** The ids of one page (plus one, to tell whether more follow), in the list's order. */
export function pageIdsQuery(ctx: ApiContext, params: IssueListParams) {
  const sort = checkSort(params.sort);
  const now = ctx.now();
  return selectIssues(ctx, params)
    .select('issues.id')
    .orderBy((eb) => sortExpression(eb, sort, now), 'desc')
    .orderBy('issues.id', 'desc')
    .limit(params.limit + 1)
    .offset(params.offset);
}

/**
 * One page and the total. The page is found by id first (through the list's indexes alone, however
 * deep the offset), then only its own rows are read: reading whole rows while ordering and skipping
 * would load every issue before the page. An issue deleted between the two reads is left out.
 */
export async function listIssues(ctx: ApiContext, params: IssueListParams) {
  const [page, total] = await Promise.all([
    pageIdsQuery(ctx, params).execute(),
    selectIssues(ctx, params)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  const ids = page.slice(0, params.limit).map((row) => row.id);
  const found =
    ids.length === 0 ? [] : await ctx.db.selectFrom('issues').selectAll().where('id', 'in', ids).execute();
  const byId = new Map(found.map((row) => [row.id, row]));
  const rows = ids.flatMap((id) => byId.get(id) ?? []);
  return { rows, hasMore: page.length > params.limit, hits: Number(total.n) };
}

/** Ids of the issues a bulk mutation by query affects: the first `limit` in the list's order. */
export async function matchingIssueIds(
  ctx: ApiContext,
  selection: IssueSelection,
  sort: string | undefined,
  limit: number,
): Promise<number[]> {
  const order = checkSort(sort);
  const now = ctx.now();
  const rows = await selectIssues(ctx, selection)
    .select('issues.id')
    .orderBy((eb) => sortExpression(eb, order, now), 'desc')
    .orderBy('issues.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => row.id);
}
