/**
 * `GET /organizations/{org}/issues/`: search, sort and offset pagination over the issues table.
 * `group=<id>` (repeated) returns exactly those issues and ignores the query, as Sentry does;
 * an absent `query` means `is:unresolved`, an empty one means everything.
 */
import type { ExpressionBuilder } from 'kysely';
import type { StoreDatabase } from '../db/schema';
import type { ApiContext } from './api-context';
import { ApiError } from './api-error';
import { type IssueQuery, parseIssueQuery } from './issue-query';

export interface IssueListParams {
  organizationId: number;
  query: string | undefined;
  sort: string | undefined;
  limit: number;
  offset: number;
  projectIds: number[];
  environments: string[];
  groupIds: number[];
}

const SORT_COLUMNS = {
  date: 'last_seen',
  new: 'first_seen',
  freq: 'times_seen',
  user: 'user_count',
} as const;

type IssueEb = ExpressionBuilder<StoreDatabase, 'issues' | 'projects'>;

function tagFilter(eb: IssueEb, key: string, value: string) {
  return eb.exists(
    eb
      .selectFrom('issue_tags')
      .select('issue_tags.issue_id')
      .whereRef('issue_tags.issue_id', '=', 'issues.id')
      .where('issue_tags.key', '=', key)
      .where('issue_tags.value', '=', value),
  );
}

function termFilter(eb: IssueEb, key: string, value: string) {
  // `level:` matches the issue's own level; everything else is a tag seen on one of its events.
  return key === 'level' ? eb('issues.level', '=', value) : tagFilter(eb, key, value);
}

function applyQuery(eb: IssueEb, query: IssueQuery, environments: string[]) {
  const conditions = [];
  if (query.statuses.length > 0) conditions.push(eb('issues.status', 'in', query.statuses));
  if (query.excludedStatuses.length > 0)
    conditions.push(eb('issues.status', 'not in', query.excludedStatuses));
  for (const term of query.terms) {
    const condition = termFilter(eb, term.key, term.value);
    conditions.push(term.negated ? eb.not(condition) : condition);
  }
  for (const text of query.text) {
    const escaped = text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
    conditions.push(eb('issues.search_text', 'like', `%${escaped}%`));
  }
  if (environments.length > 0)
    conditions.push(eb.or(environments.map((env) => tagFilter(eb, 'environment', env))));
  return eb.and(conditions);
}

export async function listIssues(ctx: ApiContext, params: IssueListParams) {
  const sortKey = params.sort ?? 'date';
  if (!(sortKey in SORT_COLUMNS)) {
    throw new ApiError(
      400,
      `Invalid sort: ${JSON.stringify(sortKey)}; expected one of date, new, freq, user`,
    );
  }
  const sortColumn = SORT_COLUMNS[sortKey as keyof typeof SORT_COLUMNS];
  const query = params.groupIds.length > 0 ? null : parseIssueQuery(params.query ?? 'is:unresolved');

  let select = ctx.db
    .selectFrom('issues')
    .innerJoin('projects', 'projects.id', 'issues.project_id')
    .where('projects.organization_id', '=', params.organizationId);
  if (params.groupIds.length > 0) select = select.where('issues.id', 'in', params.groupIds);
  if (params.projectIds.length > 0) select = select.where('issues.project_id', 'in', params.projectIds);
  if (query) select = select.where((eb) => applyQuery(eb, query, params.environments));

  const [rows, total] = await Promise.all([
    select
      .selectAll('issues')
      .orderBy(`issues.${sortColumn}`, 'desc')
      .orderBy('issues.id', 'desc')
      .limit(params.limit + 1)
      .offset(params.offset)
      .execute(),
    select.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.slice(0, params.limit), hasMore: rows.length > params.limit, hits: Number(total.n) };
}
