/**
 * What each widget reads, under its dashboard's period and environment: Discover's table or
 * series for chart, table and number widgets; the issue stream's search for `issues`; the
 * releases list for `releases` (the team's projects; with an environment, only the releases whose
 * events in the period carried it, read through Discover); the alerts page's rules for `alerts`.
 * Keys hold the filtered query, so changing a filter refetches.
 */
import {
  DiscoverResultSchema,
  DiscoverSeriesSchema,
  IssueListSchema,
  ReleaseListSchema,
} from '@dexter/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiPath } from '../../api/api-path';
import { apiGet } from '../../api/http';
import { type QueryFilters, seriesParamsOf, withFilters } from '../../lib/discover-raw-query';

const STALE_MS = 30_000;

export const widgetKeys = {
  table: (org: string, raw: string) => ['dashboards', org, 'widget', 'table', raw] as const,
  series: (org: string, raw: string) => ['dashboards', org, 'widget', 'series', raw] as const,
  issues: (org: string, params: string) => ['dashboards', org, 'widget', 'issues', params] as const,
  releases: (org: string, params: string) => ['dashboards', org, 'widget', 'releases', params] as const,
};

export function widgetTableOptions(org: string, raw: string, filters: QueryFilters, rows: number) {
  const filtered = `${withFilters(raw, filters)}&per_page=${rows}`;
  return queryOptions({
    queryKey: widgetKeys.table(org, filtered),
    queryFn: ({ signal }) =>
      apiGet(`${apiPath`/organizations/${org}/discover/events`}?${filtered}`, DiscoverResultSchema, signal),
    staleTime: STALE_MS,
  });
}

export function widgetSeriesOptions(org: string, raw: string, filters: QueryFilters) {
  const params = seriesParamsOf(withFilters(raw, filters)).toString();
  return queryOptions({
    queryKey: widgetKeys.series(org, params),
    queryFn: ({ signal }) =>
      apiGet(
        `${apiPath`/organizations/${org}/discover/events-stats`}?${params}`,
        DiscoverSeriesSchema,
        signal,
      ),
    staleTime: STALE_MS,
  });
}

export function widgetIssuesOptions(org: string, search: string, filters: QueryFilters) {
  const params = new URLSearchParams({
    query: search,
    limit: '8',
    statsPeriod: filters.period,
    groupStatsPeriod: '',
  });
  if (filters.environment) params.set('environment', filters.environment);
  return queryOptions({
    queryKey: widgetKeys.issues(org, params.toString()),
    queryFn: ({ signal }) =>
      apiGet(`${apiPath`/organizations/${org}/issues`}?${params}`, IssueListSchema, signal),
    staleTime: STALE_MS,
  });
}

/** Project ids a widget is limited to: a team board's projects, or null for every project. */
export type WidgetProjects = ReadonlyArray<{ id: string; slug: string }> | null;

export function widgetReleasesOptions(org: string, projects: WidgetProjects, limit: number) {
  const params = new URLSearchParams({ limit: String(limit) });
  for (const project of projects ?? []) params.append('project', project.id);
  return queryOptions({
    queryKey: widgetKeys.releases(org, params.toString()),
    queryFn: ({ signal }) =>
      apiGet(`${apiPath`/organizations/${org}/releases`}?${params}`, ReleaseListSchema, signal),
    staleTime: STALE_MS,
  });
}

/** The releases whose events in the period carried the dashboard's environment (Discover). */
export function widgetReleasesSeenOptions(org: string, filters: QueryFilters, projects: WidgetProjects) {
  const params = new URLSearchParams(
    withFilters('field=release&field=count()&sort=-count()&per_page=100', filters),
  );
  for (const project of projects ?? []) params.append('project', project.id);
  return queryOptions({
    queryKey: widgetKeys.table(org, params.toString()),
    queryFn: ({ signal }) =>
      apiGet(`${apiPath`/organizations/${org}/discover/events`}?${params}`, DiscoverResultSchema, signal),
    staleTime: STALE_MS,
    enabled: filters.environment !== null,
  });
}
