/**
 * The parameters of `GET /organizations/{org}/events-timeseries/` (spec "Query Explore Events in
 * Timeseries Format"), read and checked once; every refusal is a 400 whose detail names the
 * parameter. What the built-in store answers, from its hourly rollup:
 * - `dataset=errors` (or none: Sentry defaults it) and `yAxis=count()`;
 * - `interval` in integer seconds (or Sentry's `1h`/`1d` spelling); it is counted in whole hours,
 *   so an interval that is not a multiple of 3600 is rounded up to the next hour, as Sentry picks
 *   a usable interval for an invalid one; `meta.interval` says which was used;
 * - `statsPeriod` (which overrides `start`/`end`, default 24h) or `start` and `end`;
 * - `groupBy` `release`, `environment` or both, which apply with `topEvents` (1–10) and `sort`
 *   (`count()` or a groupBy field, `-` for descending), and `excludeOther=1`; as in Sentry,
 *   `groupBy` without `topEvents` changes nothing;
 * - `comparisonDelta` is refused; `disableAggregateExtrapolation` and `preventMetricAggregates`
 *   change nothing (the store neither samples nor keeps metrics).
 */
import { ApiError } from '../api-error';
import { listParam, type RawQuery, singleParam } from '../http/query-params';

export const HOUR_MS = 3_600_000;
const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: HOUR_MS,
  d: 24 * HOUR_MS,
  w: 7 * 24 * HOUR_MS,
};
/** Sentry's cap on the points one events-stats answer may hold. */
export const MAX_POINTS = 10_000;
export const MAX_TOP_EVENTS = 10;
export const GROUP_BY_KEYS = ['release', 'environment'] as const;
export type GroupByKey = (typeof GROUP_BY_KEYS)[number];

export interface TimeseriesParams {
  /** ms; `end` is exclusive. */
  start: number;
  end: number;
  /** ms, a whole number of hours. */
  interval: number;
  projects: string[];
  environments: string[];
  query: string;
  /** Empty without `topEvents`. */
  groupBy: GroupByKey[];
  topEvents: number;
  sort: { key: 'count()' | GroupByKey; descending: boolean };
  excludeOther: boolean;
}

const bad = (name: string, problem: string) => new ApiError(400, `Invalid ${name}: ${problem}`);
const shown = (value: string) => JSON.stringify(value.slice(0, 50));

export function parseTimeseriesParams(query: RawQuery, now: number): TimeseriesParams {
  const dataset = singleParam(query, 'dataset');
  if (dataset !== undefined && dataset !== 'errors') {
    throw bad('dataset', `${shown(dataset)}; the built-in store answers dataset=errors only`);
  }
  for (const yAxis of listParam(query, 'yAxis')) {
    if (yAxis !== 'count()')
      throw bad('yAxis', `${shown(yAxis)}; the built-in store answers yAxis=count() only`);
  }
  if (singleParam(query, 'comparisonDelta') !== undefined) {
    throw bad('comparisonDelta', 'comparisons are not supported by the built-in store');
  }
  const { start, end } = timeRange(query, now);
  const interval = intervalOf(singleParam(query, 'interval'), end - start);
  if ((end - start) / interval > MAX_POINTS) {
    throw bad(
      'interval',
      'your interval and date range would create too many results; use a larger interval or a smaller date range',
    );
  }
  const topEvents = topEventsOf(singleParam(query, 'topEvents'));
  const groupBy = topEvents > 0 ? groupByOf(listParam(query, 'groupBy')) : [];
  return {
    start,
    end,
    interval,
    projects: listParam(query, 'project'),
    environments: listParam(query, 'environment').filter((env) => env !== ''),
    query: singleParam(query, 'query') ?? '',
    groupBy,
    topEvents,
    sort:
      topEvents > 0
        ? sortOf(singleParam(query, 'sort') ?? singleParam(query, 'orderby'), groupBy)
        : { key: 'count()', descending: true },
    excludeOther: singleParam(query, 'excludeOther') === '1',
  };
}

function durationOf(text: string, name: string): number {
  const match = /^(\d{1,7})([smhdw])$/.exec(text);
  if (!match) throw bad(name, `${shown(text)}; expected a number followed by s, m, h, d or w`);
  return Number(match[1]) * UNIT_MS[match[2]!]!;
}

function timeRange(query: RawQuery, now: number): { start: number; end: number } {
  const period = singleParam(query, 'statsPeriod');
  const startText = singleParam(query, 'start');
  const endText = singleParam(query, 'end');
  if (period !== undefined || (startText === undefined && endText === undefined)) {
    const span = durationOf(period ?? '24h', 'statsPeriod');
    if (span <= 0) throw bad('statsPeriod', 'the period must be longer than zero');
    return { start: now - span, end: now };
  }
  if (startText === undefined || endText === undefined) {
    throw bad(startText === undefined ? 'start' : 'end', 'start and end go together');
  }
  const start = Date.parse(startText);
  const end = Date.parse(endText);
  if (!Number.isFinite(start)) throw bad('start', `${shown(startText)} is not an ISO 8601 date`);
  if (!Number.isFinite(end)) throw bad('end', `${shown(endText)} is not an ISO 8601 date`);
  if (start >= end) throw bad('start', 'start must be before end');
  return { start, end };
}

/** Whole hours; the default keeps a window's points near Sentry's defaults (hourly up to 14 days). */
function intervalOf(text: string | undefined, span: number): number {
  if (text === undefined || text === '') {
    const days = span / (24 * HOUR_MS);
    return days <= 14 ? HOUR_MS : days <= 30 ? 4 * HOUR_MS : 24 * HOUR_MS;
  }
  const ms = /^\d{1,9}$/.test(text) ? Number(text) * 1000 : durationOf(text, 'interval');
  if (ms <= 0) throw bad('interval', 'the interval must be longer than zero');
  return Math.ceil(ms / HOUR_MS) * HOUR_MS;
}

function topEventsOf(text: string | undefined): number {
  if (text === undefined) return 0;
  const value = Number(text);
  if (!/^-?\d{1,4}$/.test(text)) throw bad('topEvents', 'topEvents must be an integer');
  if (value > MAX_TOP_EVENTS) throw bad('topEvents', `can only get up to ${MAX_TOP_EVENTS} top events`);
  if (value <= 0) throw bad('topEvents', 'topEvents needs to be at least 1');
  return value;
}

function groupByOf(values: string[]): GroupByKey[] {
  if (values.length === 0) throw bad('groupBy', 'groupBy is a required parameter when doing topEvents');
  const keys: GroupByKey[] = [];
  for (const value of values) {
    if (value === 'count()') continue;
    if (!(GROUP_BY_KEYS as readonly string[]).includes(value)) {
      throw bad('groupBy', `${shown(value)}; the built-in store groups by release and environment`);
    }
    if (!keys.includes(value as GroupByKey)) keys.push(value as GroupByKey);
  }
  if (keys.length === 0) throw bad('groupBy', 'groupBy needs a field to group by');
  return keys;
}

function sortOf(text: string | undefined, groupBy: GroupByKey[]): TimeseriesParams['sort'] {
  if (text === undefined || text === '')
    throw bad('sort', 'sort is a required parameter when doing topEvents');
  const descending = text.startsWith('-');
  const key = descending ? text.slice(1) : text;
  if (key === 'count()') return { key, descending };
  if ((groupBy as string[]).includes(key)) return { key: key as GroupByKey, descending };
  throw bad('sort', `${shown(text)}; sort by count() or a groupBy field, - for descending`);
}
