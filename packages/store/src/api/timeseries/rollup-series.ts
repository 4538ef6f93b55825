/**
 * Event counts per interval from the hourly rollup (`migration-0009-event-rollup.ts`): one series,
 * or the top N groups (release, environment or both) plus everything else as "Other". Reads
 * `event_rollup_project` (a few rows per hour) unless the filter needs issues, then
 * `event_rollup`, by its issue-id key when the filter names the issues.
 *
 * Hours are the unit: an interval is whole hours, aligned to the epoch (UTC), and the window
 * counts the hours from the one holding `start` up to the one holding `end`. Top groups are
 * ranked over the whole window, then one query sums their series and the rest, so the cost is
 * two scans of the window's rollup rows whatever the number of releases.
 */
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { StoreDb } from '../../db/database';
import { hourOf } from '../../ingest/write/event-rollup';
import type { RollupFilter } from './rollup-filter';
import type { GroupByKey, TimeseriesParams } from './timeseries-params';

export interface SeriesQuery
  extends Pick<
    TimeseriesParams,
    'start' | 'end' | 'interval' | 'environments' | 'groupBy' | 'topEvents' | 'sort' | 'excludeOther'
  > {
  projectIds: number[];
  filter: RollupFilter;
}

export interface CountSeries {
  /** The group's values, '' where events had none; null for the plain series and for Other. */
  group: Partial<Record<GroupByKey, string>> | null;
  isOther: boolean;
  /** One count per timestamp. */
  values: number[];
}

export interface CountSeriesResult {
  /** Start of each interval, ms. */
  timestamps: number[];
  series: CountSeries[];
}

/** The intervals shown: from the one holding `start` through the one holding `end`, as Sentry zero-fills. */
export function intervalStarts(start: number, end: number, interval: number): number[] {
  const first = start - (start % interval);
  const last = end - (end % interval);
  const starts: number[] = [];
  for (let t = first; t <= last; t += interval) starts.push(t);
  return starts;
}

export async function rollupSeries(db: StoreDb, q: SeriesQuery): Promise<CountSeriesResult> {
  const timestamps = intervalStarts(q.start, q.end, q.interval);
  const slot = (t: number) => Math.round((t - timestamps[0]!) / q.interval);
  const where = windowCondition(q);
  const table = sql.table(q.filter.needsIssueTable ? 'event_rollup' : 'event_rollup_project');
  const bucketStart = sql`bucket - (bucket % ${q.interval})`;

  if (q.topEvents === 0) {
    const rows = await sql<{ t: number; n: number }>`
      select ${bucketStart} as t, sum(events) as n from ${table} where ${where} group by t`.execute(db);
    const values = timestamps.map(() => 0);
    for (const row of rows.rows) addAt(values, slot(Number(row.t)), Number(row.n));
    return { timestamps, series: [{ group: null, isOther: false, values }] };
  }

  const label = labelOf(q.groupBy);
  const totals = await sql<{ label: string; n: number }>`
    select ${label} as label, sum(events) as n from ${table} where ${where} group by label having n > 0`.execute(
    db,
  );
  const ranked = rank(totals.rows, q);
  const top = ranked.slice(0, q.topEvents);
  if (top.length === 0) return { timestamps, series: [] };
  const hasOther = ranked.length > top.length && !q.excludeOther;
  const topLabels = top.map((row) => row.label);
  const inTop = sql<SqlBool>`${label} in (${sql.join(topLabels)})`;
  const rows = await sql<{ t: number; label: string | null; n: number }>`
    select ${bucketStart} as t, case when ${inTop} then ${label} end as label, sum(events) as n
    from ${table} where ${where} ${hasOther ? sql`` : sql`and ${inTop}`}
    group by t, 2`.execute(db);

  const byLabel = new Map(topLabels.map((value) => [value, timestamps.map(() => 0)]));
  const other = timestamps.map(() => 0);
  for (const row of rows.rows) {
    const values = row.label === null ? other : byLabel.get(row.label);
    if (values) addAt(values, slot(Number(row.t)), Number(row.n));
  }
  const series: CountSeries[] = topLabels.map((value) => ({
    group: groupOf(q.groupBy, value),
    isOther: false,
    values: byLabel.get(value)!,
  }));
  if (hasOther) series.push({ group: null, isOther: true, values: other });
  return { timestamps, series };
}

function windowCondition(q: SeriesQuery): RawBuilder<SqlBool> {
  const parts: RawBuilder<SqlBool>[] = [
    sql<SqlBool>`project_id in (${sql.join(q.projectIds)})`,
    sql<SqlBool>`bucket >= ${hourOf(q.start)}`,
    sql<SqlBool>`bucket < ${q.end}`,
    q.filter.condition,
  ];
  if (q.filter.onlyIssues !== null) parts.push(sql<SqlBool>`issue_id in (${sql.join(q.filter.onlyIssues)})`);
  if (q.environments.length > 0) parts.push(sql<SqlBool>`environment in (${sql.join(q.environments)})`);
  return sql<SqlBool>`${sql.join(parts, sql` and `)}`;
}

function addAt(values: number[], index: number, n: number): void {
  if (index >= 0 && index < values.length) values[index]! += n;
}

/** One text per group: the groupBy columns joined by NUL, which neither value can hold. */
function labelOf(groupBy: GroupByKey[]) {
  return sql<string>`${sql.join(
    groupBy.map((key) => sql.ref(key)),
    sql` || char(0) || `,
  )}`;
}

function groupOf(groupBy: GroupByKey[], label: string): Partial<Record<GroupByKey, string>> {
  const parts = label.split('\u0000');
  return Object.fromEntries(groupBy.map((key, i) => [key, parts[i] ?? '']));
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function rank(rows: Array<{ label: string; n: number }>, q: SeriesQuery) {
  const { key, descending } = q.sort;
  const index = key === 'count()' ? -1 : q.groupBy.indexOf(key);
  const fieldOf = (label: string) => label.split('\u0000')[index] ?? '';
  const sign = descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const primary = index < 0 ? Number(a.n) - Number(b.n) : compareText(fieldOf(a.label), fieldOf(b.label));
    // Ties: the bigger group first, then by label, so the order never depends on the scan.
    return sign * primary || Number(b.n) - Number(a.n) || compareText(a.label, b.label);
  });
}
