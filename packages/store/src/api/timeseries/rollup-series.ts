/**
 * Event counts per interval from the hourly rollup (`migration-0009-event-rollup.ts`): one series,
 * or the top N groups (release, environment or both) plus everything else as "Other". Reads
 * `event_rollup_project` (a few rows per hour) unless the filter needs issues, then
 * `event_rollup`, by its issue-id key when the filter names the issues.
 *
 * Hours are the unit: an interval is whole hours, aligned to the epoch (UTC), and the window
 * counts the hours from the one holding `start` up to the one holding `end`. One grouped read
 * gives each group's count per interval (at most intervals x groups rows, whatever the number of
 * events); groups are ranked over the whole window in memory, the top N kept and the rest summed
 * as "Other". A filter that only excludes issues reads the project table minus their rows.
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
  const counts = await countsByLabel(db, q);
  if (q.topEvents === 0) {
    const values = timestamps.map(() => 0);
    for (const byTime of counts.values()) for (const [t, n] of byTime) addAt(values, slot(t), n);
    return { timestamps, series: [{ group: null, isOther: false, values }] };
  }
  const totals = [...counts].map(([label, byTime]) => ({
    label,
    n: [...byTime.values()].reduce((sum, n) => sum + n, 0),
  }));
  const ranked = rank(
    totals.filter((row) => row.n > 0),
    q,
  );
  const top = ranked.slice(0, q.topEvents);
  if (top.length === 0) return { timestamps, series: [] };
  const series: CountSeries[] = top.map(({ label }) => {
    const values = timestamps.map(() => 0);
    for (const [t, n] of counts.get(label)!) addAt(values, slot(t), n);
    return { group: groupOf(q.groupBy, label), isOther: false, values };
  });
  if (ranked.length > top.length && !q.excludeOther) {
    const values = timestamps.map(() => 0);
    for (const { label } of ranked.slice(top.length))
      for (const [t, n] of counts.get(label)!) addAt(values, slot(t), n);
    series.push({ group: null, isOther: true, values });
  }
  return { timestamps, series };
}

/**
 * Events per group label and interval start. One grouped read: its rows are at most intervals x
 * groups, whatever the number of events. Excluded issues are the project table minus their rows.
 */
async function countsByLabel(db: StoreDb, q: SeriesQuery): Promise<Map<string, Map<number, number>>> {
  const label = q.groupBy.length > 0 && q.topEvents > 0 ? labelOf(q.groupBy) : sql<string>`''`;
  const read = async (table: 'event_rollup' | 'event_rollup_project', where: RawBuilder<SqlBool>) =>
    (
      await sql<{ t: number; label: string; n: number }>`
        select bucket - (bucket % ${q.interval}) as t, ${label} as label, sum(events) as n
        from ${sql.table(table)} where ${where} group by t, label`.execute(db)
    ).rows;
  const counts = new Map<string, Map<number, number>>();
  const add = (rows: Array<{ t: number; label: string; n: number }>, sign: number) => {
    for (const row of rows) {
      let byTime = counts.get(row.label);
      if (!byTime) {
        byTime = new Map();
        counts.set(row.label, byTime);
      }
      const t = Number(row.t);
      byTime.set(t, (byTime.get(t) ?? 0) + sign * Number(row.n));
    }
  };
  const { excluding } = q.filter;
  if (excluding) {
    add(await read('event_rollup_project', windowCondition(q, excluding.condition)), 1);
    const issues = sql<SqlBool>`issue_id in (${sql.join(excluding.issueIds)})`;
    add(await read('event_rollup', windowCondition(q, excluding.condition, issues)), -1);
  } else {
    const issues = q.filter.onlyIssues && sql<SqlBool>`issue_id in (${sql.join(q.filter.onlyIssues)})`;
    const table = q.filter.needsIssueTable ? 'event_rollup' : 'event_rollup_project';
    add(await read(table, windowCondition(q, q.filter.condition, issues ?? undefined)), 1);
  }
  return counts;
}

function windowCondition(
  q: SeriesQuery,
  condition: RawBuilder<SqlBool>,
  issues?: RawBuilder<SqlBool>,
): RawBuilder<SqlBool> {
  const parts: RawBuilder<SqlBool>[] = [
    sql<SqlBool>`project_id in (${sql.join(q.projectIds)})`,
    sql<SqlBool>`bucket >= ${hourOf(q.start)}`,
    sql<SqlBool>`bucket < ${q.end}`,
    condition,
  ];
  if (issues) parts.push(issues);
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
