/**
 * Event-count series of issues, the sparklines of issue lists and of `issues-stats`: `24h` is
 * 24 hourly buckets ending with the current hour, `14d` 14 daily buckets ending with the current
 * (UTC) day, `auto` spans the request's date range (hourly up to two days, daily beyond). Points
 * are `[unix seconds of the bucket start, events]`, oldest first, zeros included.
 *
 * Also the query parameters that pick them: `groupStatsPeriod` (`''` turns stats off; absent means
 * `24h`, as in Sentry) and the date range (`statsPeriod` such as `24h`/`14d`, or `start`/`end`).
 */
import {
  GROUP_STATS_PERIODS,
  type GroupStatsPeriod,
  type StatsPoints,
  type StatsSeries,
} from '@dexter/sentry-wire';
import { sql } from 'kysely';
import { ApiError } from '../../api-error';
import type { ApiContext } from '../../http/api-context';
import { type RawQuery, singleParam } from '../../http/query-params';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: HOUR, d: DAY, w: 7 * DAY };
const MAX_BUCKETS = 400;

export type StatsKey = Exclude<GroupStatsPeriod, ''>;

export interface StatsWindow {
  key: StatsKey;
  start: number;
  bucket: number;
  count: number;
}

export interface DateRange {
  start: number | null;
  end: number | null;
}

/** Sentry's message for a bad `groupStatsPeriod` (`organization_group_index.py`). */
const ERR_INVALID_STATS_PERIOD = "Invalid stats_period. Valid choices are '', '24h', '14d' and 'auto'";

export function statsKeyParam(query: RawQuery, fallback: StatsKey = '24h'): StatsKey | null {
  const raw = singleParam(query, 'groupStatsPeriod');
  if (raw === undefined) return fallback;
  if (raw === '') return null;
  if ((GROUP_STATS_PERIODS as readonly string[]).includes(raw)) return raw as StatsKey;
  throw new ApiError(400, ERR_INVALID_STATS_PERIOD);
}

function parseInstant(name: string, raw: string): number {
  const value = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(raw) ? raw : `${raw}Z`);
  if (Number.isNaN(value)) throw new ApiError(400, `Invalid ${name}: ${JSON.stringify(raw.slice(0, 50))}`);
  return value;
}

export function dateRangeParam(query: RawQuery, now: number): DateRange {
  const period = singleParam(query, 'statsPeriod');
  if (period !== undefined && period !== '') {
    const match = /^(\d{1,6})([smhdw])$/.exec(period);
    if (!match) throw new ApiError(400, `Invalid statsPeriod: ${JSON.stringify(period.slice(0, 50))}`);
    return { start: now - Number(match[1]) * UNIT_MS[match[2]!]!, end: null };
  }
  const start = singleParam(query, 'start');
  const end = singleParam(query, 'end');
  return {
    start: start ? parseInstant('start', start) : null,
    end: end ? parseInstant('end', end) : null,
  };
}

export function statsWindow(
  key: StatsKey,
  now: number,
  range: DateRange = { start: null, end: null },
): StatsWindow {
  if (key === '24h')
    return { key, bucket: HOUR, count: 24, start: Math.floor(now / HOUR) * HOUR - 23 * HOUR };
  if (key === '14d') return { key, bucket: DAY, count: 14, start: Math.floor(now / DAY) * DAY - 13 * DAY };
  const end = range.end ?? now;
  const from = range.start ?? end - 14 * DAY;
  const bucket = end - from <= 2 * DAY ? HOUR : DAY;
  const start = Math.floor(from / bucket) * bucket;
  const count = Math.min(MAX_BUCKETS, Math.max(1, Math.floor((end - start) / bucket) + 1));
  return { key, bucket, count, start };
}

export async function issueStats(
  ctx: ApiContext,
  issueIds: number[],
  window: StatsWindow,
): Promise<Map<number, StatsPoints>> {
  const { start, bucket, count } = window;
  const result = new Map<number, StatsPoints>();
  for (const id of issueIds) {
    result.set(
      id,
      Array.from({ length: count }, (_, i): [number, number] => [(start + i * bucket) / 1000, 0]),
    );
  }
  if (issueIds.length === 0) return result;
  const rows = await ctx.db
    .selectFrom('events')
    .select([
      'issue_id',
      sql<number>`(timestamp / ${sql.lit(bucket)}) * ${sql.lit(bucket)}`.as('bucket'),
      sql<number>`count(*)`.as('n'),
    ])
    .where('issue_id', 'in', issueIds)
    .where('timestamp', '>=', start)
    .where('timestamp', '<', start + count * bucket)
    .groupBy(['issue_id', 'bucket'])
    .execute();
  for (const row of rows) {
    const index = (Number(row.bucket) - start) / bucket;
    const series = result.get(row.issue_id);
    if (series && Number.isInteger(index) && index >= 0 && index < count) series[index]![1] = Number(row.n);
  }
  return result;
}

/** `{key: series}` per issue, or `{}` for every issue when stats are off. */
export async function statsByIssue(ctx: ApiContext, issueIds: number[], window: StatsWindow | null) {
  const series = window ? await issueStats(ctx, issueIds, window) : new Map<number, StatsPoints>();
  return (id: number): StatsSeries => (window ? { [window.key]: series.get(id) ?? [] } : {});
}
