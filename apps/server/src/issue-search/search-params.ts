/** The stream's query string (Dexter's API) as issue search parameters. */
import type { IssueListQuery } from '@dexter/contracts';
import type { IssueSearchParams } from './issue-search-service';

const asList = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** The list's query string as search parameters; an absent query is Sentry's `is:unresolved`. */
export function searchParamsOf(query: Omit<IssueListQuery, 'limit' | 'cursor'>): IssueSearchParams {
  return {
    query: query.query ?? 'is:unresolved',
    sort: query.sort ?? 'date',
    projects: asList(query.project),
    environments: asList(query.environment),
    statsPeriod: query.statsPeriod,
    groupStatsPeriod: query.groupStatsPeriod,
  };
}
