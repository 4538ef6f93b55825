/**
 * What happens around a release: events over time (`GET /organizations/{org}/events-timeseries/`,
 * spec "Query a Timeseries"), session health over time (`GET /organizations/{org}/sessions/`,
 * spec "Query Sessions"), and the commits of a release (`GET …/releases/{version}/commits/`).
 *
 * Upstream quirks: events-timeseries timestamps are **milliseconds** (events-stats uses seconds);
 * a top-events answer marks the remainder with `meta.isOther`; `/sessions/` rates are 0–1 ratios
 * and a series slot is null where there were no sessions.
 */
import { z } from 'zod';
import { IdSchema, OptionalBoolean, OptionalNumber, OptionalString } from './common';

const TimeseriesValueSchema = z.looseObject({
  timestamp: z.number(),
  value: z.number().nullable(),
  incomplete: OptionalBoolean,
});

const TimeseriesGroupSchema = z.looseObject({
  key: z.string(),
  // The spec allows a string, a number or an object; only strings and numbers name a group.
  value: z.union([z.string(), z.number(), z.null(), z.looseObject({})]).nullish(),
});

export const TimeseriesSchema = z.looseObject({
  yAxis: OptionalString,
  groupBy: z.array(TimeseriesGroupSchema).nullish(),
  meta: z
    .looseObject({
      interval: OptionalNumber,
      order: OptionalNumber,
      isOther: OptionalBoolean,
      valueType: OptionalString,
    })
    .nullish(),
  values: z.array(TimeseriesValueSchema),
});
export type Timeseries = z.infer<typeof TimeseriesSchema>;

export const EventsTimeseriesSchema = z.looseObject({
  meta: z.looseObject({ dataset: OptionalString, start: OptionalNumber, end: OptionalNumber }).nullish(),
  timeSeries: z.array(TimeseriesSchema),
});
export type EventsTimeseries = z.infer<typeof EventsTimeseriesSchema>;

const SessionsGroupSchema = z.looseObject({
  by: z.record(z.string(), z.union([z.string(), z.number()])),
  totals: z.record(z.string(), z.number().nullable()),
  series: z.record(z.string(), z.array(z.number().nullable())).nullish(),
});

export const SessionsSchema = z.looseObject({
  start: OptionalString,
  end: OptionalString,
  intervals: z.array(z.string()),
  groups: z.array(SessionsGroupSchema),
});
export type Sessions = z.infer<typeof SessionsSchema>;

/** A commit author: a Sentry user, or `{name, email}` for one without an account. */
const CommitAuthorSchema = z.looseObject({
  id: IdSchema.nullish(),
  name: OptionalString,
  email: OptionalString,
  username: OptionalString,
});

export const CommitSchema = z.looseObject({
  id: z.string(),
  message: OptionalString,
  dateCreated: OptionalString,
  author: CommitAuthorSchema.nullish(),
  repository: z.looseObject({ name: OptionalString, url: OptionalString }).nullish(),
});
export type Commit = z.infer<typeof CommitSchema>;
