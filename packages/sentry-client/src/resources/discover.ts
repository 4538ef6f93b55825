/**
 * Discover's table query over error events (`GET /organizations/{org}/events/`): the fields to
 * select (aggregates group by the others), a search `query`, a range and a sort. Sentry requires
 * `dataset`; the client always asks for `errors`.
 */
import { type DiscoverTable, DiscoverTableSchema } from '@dexter/sentry-wire';
import { z } from 'zod';
import { apiPath } from '../api-path';
import { parseLinkHeader } from '../pagination';
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
    ...discoverQueryResource(transport),
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

/**
 * Discover's parameters as Sentry spells them (`field`, `query`, `sort`, `statsPeriod` or
 * `start`/`end`, `project`, `environment`, `per_page`, `cursor`, `yAxis`, `interval`, `topEvents`,
 * `dataset`), passed through as given: the feature checks them with the query model first.
 */
export type DiscoverParams = Record<string, string | readonly string[] | undefined>;

/** Which of the operation table's Discover rows a call goes through (its cache freshness). */
export type DiscoverEventsOperation =
  | 'discover.events'
  | 'discover.events.settled'
  | 'discover.export'
  | 'discover.probe';
export type DiscoverStatsOperation = 'discover.stats' | 'discover.stats.settled';

export function discoverQueryResource(transport: Transport) {
  return {
    /** One page of `events/` and the cursor of the next page, if any. */
    async events(
      org: string,
      params: DiscoverParams,
      operation: DiscoverEventsOperation,
      options: CallOptions = {},
    ): Promise<{ table: DiscoverTable; next: string | null }> {
      const req: UpstreamRequest = {
        operation,
        method: 'GET',
        path: apiPath`/api/0/organizations/${org}/events/`,
        query: params,
        signal: options.signal,
        priority: options.priority,
      };
      const response = await transport(req);
      return {
        table: parseBody(DiscoverTableSchema, req, response),
        next: parseLinkHeader(response.headers.link).next,
      };
    },
    /** `events-stats/`: Sentry's series shapes, passed on as they are. */
    async stats(
      org: string,
      params: DiscoverParams,
      operation: DiscoverStatsOperation,
      options: CallOptions = {},
    ): Promise<Record<string, unknown>> {
      const req: UpstreamRequest = {
        operation,
        method: 'GET',
        path: apiPath`/api/0/organizations/${org}/events-stats/`,
        query: params,
        signal: options.signal,
        priority: options.priority,
      };
      return parseBody(DiscoverStatsSchema, req, await transport(req));
    },
  };
}

const DiscoverStatsSchema = z.record(z.string(), z.unknown());
