/**
 * Events per country (`GET …/geo` for a search, `GET …/issues/{id}/geo` for one issue), and the
 * issue stream link a country opens. The map shares the stream's filters (status, level,
 * projects, text) so a click narrows exactly what the map showed.
 */
import { GeoImpactSchema } from '@dexter/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiPath, withQuery } from '../../api/api-path';
import { apiGet } from '../../api/http';
import {
  composeSentryQuery,
  type IssueStreamFilters,
  toIssueSearchParams,
} from '../issues/issue-search-params';
import { issueKeys } from '../issues/issues-queries';

export const STATS_PERIODS = ['24h', '7d', '14d', '30d', '90d'] as const;
export type StatsPeriod = (typeof STATS_PERIODS)[number];

export const geoKeys = {
  search: (org: string, filters: IssueStreamFilters, statsPeriod: StatsPeriod) =>
    ['insights', org, 'geo', filters, statsPeriod] as const,
  // Under the issue's detail key, so a refresh of the issue refreshes its countries.
  issue: (org: string, issueId: string) => [...issueKeys.detail(org, issueId), 'geo'] as const,
};

export function geoSearchQueryOptions(org: string, filters: IssueStreamFilters, statsPeriod: StatsPeriod) {
  return queryOptions({
    queryKey: geoKeys.search(org, filters, statsPeriod),
    queryFn: ({ signal }) =>
      apiGet(
        withQuery(apiPath`/organizations/${org}/geo`, {
          query: composeSentryQuery(filters),
          project: filters.projects,
          statsPeriod,
        }),
        GeoImpactSchema,
        signal,
      ),
    staleTime: 30_000,
  });
}

export function issueGeoQueryOptions(org: string, issueId: string) {
  return queryOptions({
    queryKey: geoKeys.issue(org, issueId),
    queryFn: ({ signal }) =>
      apiGet(apiPath`/organizations/${org}/issues/${issueId}/geo`, GeoImpactSchema, signal),
    staleTime: 30_000,
  });
}

/** The stream of the same filters, narrowed to one country. */
export function countryStreamPath(org: string, filters: IssueStreamFilters, code: string): string {
  const text = [filters.text, `geo.country_code:${code}`].filter(Boolean).join(' ');
  const search = toIssueSearchParams({ ...filters, text }).toString();
  return `/${encodeURIComponent(org)}/issues${search ? `?${search}` : ''}`;
}
