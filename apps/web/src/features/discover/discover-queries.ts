/** Discover's reads: the table and the series (top groups when grouped) of a raw query (`discover-model.ts`). */
import { DiscoverResultSchema, DiscoverSeriesSchema } from '@dexter/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiPath } from '../../api/api-path';
import { apiGet } from '../../api/http';
import { seriesParamsOf } from '../../lib/discover-raw-query';

export const discoverKeys = {
  table: (org: string, raw: string) => ['discover', org, 'table', raw] as const,
  series: (org: string, raw: string) => ['discover', org, 'series', raw] as const,
};

export function discoverTableOptions(org: string, raw: string) {
  return queryOptions({
    queryKey: discoverKeys.table(org, raw),
    queryFn: ({ signal }) =>
      apiGet(
        `${apiPath`/organizations/${org}/discover/events`}?${raw}&per_page=100`,
        DiscoverResultSchema,
        signal,
      ),
    staleTime: 30_000,
  });
}

export function discoverSeriesOptions(org: string, raw: string) {
  const params = seriesParamsOf(raw);
  return queryOptions({
    queryKey: discoverKeys.series(org, raw),
    queryFn: ({ signal }) =>
      apiGet(
        `${apiPath`/organizations/${org}/discover/events-stats`}?${params}`,
        DiscoverSeriesSchema,
        signal,
      ),
    staleTime: 30_000,
  });
}

/** Where the export of a raw query downloads from (every row, CSV). */
export const discoverExportPath = (org: string, raw: string) =>
  `${apiPath`/organizations/${org}/discover/export`}?${raw}&format=csv`;
