/**
 * Organization-wide activity over time: error events per interval (`events-timeseries`) and
 * session health per interval (`sessions`). Both take a range as `statsPeriod` or `start`/`end`.
 *
 * Upstream quirks:
 * - `events-timeseries` takes `interval` in **seconds** and answers timestamps in milliseconds;
 *   `topEvents` (1–10) needs `groupBy` and `sort`;
 * - `sessions` takes `interval` as a duration (`1h`, `1d`) that divides a day, and a `field` list.
 */
import {
  type EventsTimeseries,
  EventsTimeseriesSchema,
  type Sessions,
  SessionsSchema,
} from '@dexter/sentry-wire';
import { apiPath } from '../api-path';
import { parseBody } from '../parse';
import type { CallOptions, Transport, UpstreamRequest } from '../transport';

export interface ActivityRange {
  /** `14d`, `24h`; ignored when `start`/`end` are set. */
  statsPeriod?: string;
  /** ISO 8601. */
  start?: string;
  end?: string;
  /** Project ids. */
  project?: ReadonlyArray<string | number>;
  environment?: readonly string[];
  query?: string;
}

export interface EventsTimeseriesParams extends ActivityRange {
  /** Seconds. */
  interval: number;
  groupBy?: readonly string[];
  /** 1–10; needs `groupBy`. */
  topEvents?: number;
}

export interface SessionsParams extends ActivityRange {
  field: readonly string[];
  /** `1h`…`1d`. */
  interval: string;
  groupBy?: readonly string[];
}

const rangeQuery = (params: ActivityRange) => ({
  ...(params.start && params.end
    ? { start: params.start, end: params.end }
    : { statsPeriod: params.statsPeriod }),
  project: params.project,
  environment: params.environment,
  query: params.query || undefined,
});

export function activityResource(transport: Transport) {
  return {
    /** Error events per interval, optionally split by `groupBy` (the top `topEvents` groups). */
    async eventsTimeseries(
      org: string,
      params: EventsTimeseriesParams,
      options: CallOptions = {},
    ): Promise<EventsTimeseries> {
      const top = params.topEvents !== undefined && (params.groupBy?.length ?? 0) > 0;
      const req: UpstreamRequest = {
        operation: 'events.timeseries',
        method: 'GET',
        path: apiPath`/api/0/organizations/${org}/events-timeseries/`,
        query: {
          dataset: 'errors',
          yAxis: 'count()',
          interval: params.interval,
          ...rangeQuery(params),
          groupBy: params.groupBy,
          topEvents: top ? params.topEvents : undefined,
          sort: top ? '-count()' : undefined,
        },
        signal: options.signal,
        priority: options.priority,
      };
      return parseBody(EventsTimeseriesSchema, req, await transport(req));
    },

    /** Session counts and crash-free rates per interval (release health). */
    async sessions(org: string, params: SessionsParams, options: CallOptions = {}): Promise<Sessions> {
      const req: UpstreamRequest = {
        operation: 'sessions.query',
        method: 'GET',
        path: apiPath`/api/0/organizations/${org}/sessions/`,
        query: {
          field: params.field,
          interval: params.interval,
          groupBy: params.groupBy,
          ...rangeQuery(params),
        },
        signal: options.signal,
        priority: options.priority,
      };
      return parseBody(SessionsSchema, req, await transport(req));
    },
  };
}
