/**
 * Discover's table query over error events (`GET /organizations/{org}/events/`): the fields to
 * select (aggregates group by the others), a search `query`, a range and a sort. Sentry requires
 * `dataset`; the client always asks for `errors`.
 */
import { type DiscoverTable, DiscoverTableSchema } from '@dexter/sentry-wire';
import { apiPath } from '../api-path';
import { parseBody } from '../parse';
import type { CallOptions, Transport, UpstreamRequest } from '../transport';
import type { ActivityRange } from './activity';

export interface DiscoverTableParams extends ActivityRange {
  /** Fields and functions, e.g. `geo.country_code`, `count()`, `count_unique(user)`. */
  field: readonly string[];
  /** A field, `-` for descending. */
  sort?: string;
  /** Rows, at most 100. */
  perPage?: number;
}

export function discoverResource(transport: Transport) {
  return {
    async table(org: string, params: DiscoverTableParams, options: CallOptions = {}): Promise<DiscoverTable> {
      const req: UpstreamRequest = {
        operation: 'discover.events',
        method: 'GET',
        path: apiPath`/api/0/organizations/${org}/events/`,
        query: {
          dataset: 'errors',
          field: params.field,
          ...(params.start && params.end
            ? { start: params.start, end: params.end }
            : { statsPeriod: params.statsPeriod }),
          project: params.project,
          environment: params.environment,
          query: params.query || undefined,
          sort: params.sort,
          per_page: params.perPage,
        },
        signal: options.signal,
        priority: options.priority,
      };
      return parseBody(DiscoverTableSchema, req, await transport(req));
    },
  };
}
