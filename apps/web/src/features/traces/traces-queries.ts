/** One distributed trace (`GET …/traces/{traceId}`), already in waterfall order. */
import { TraceViewSchema } from '@dexter/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiPath } from '../../api/api-path';
import { apiGet } from '../../api/http';

export const traceKeys = {
  detail: (org: string, traceId: string) => ['traces', org, traceId] as const,
};

export function traceQueryOptions(org: string, traceId: string) {
  return queryOptions({
    queryKey: traceKeys.detail(org, traceId),
    queryFn: ({ signal }) =>
      apiGet(apiPath`/organizations/${org}/traces/${traceId}`, TraceViewSchema, signal),
    staleTime: 30_000,
  });
}

/** Where the trace view of `traceId` lives. */
export const tracePath = (org: string, traceId: string) =>
  `/${encodeURIComponent(org)}/traces/${encodeURIComponent(traceId)}`;
