/**
 * Runs a Discover query on the store: the rollup engine when the query has its shape (counts,
 * distinct users and latest event by one tag or project, per project and environment), the scan
 * engine otherwise; both answer [start, end) exactly, so the choice changes speed, not rows
 * (distinct users past 256 per rollup row are estimated: see `user-sketch.ts`).
 *
 * Results follow Sentry's shapes: `/events/` rows keyed by the field strings with `meta.fields`
 * and `meta.units`; `/events-stats/` `[[unix seconds, [{count}]], …]` per yAxis and per top group.
 */
import type { FieldRef, FunctionRef } from './discover-fields';
import { isTimeOrdered, type StatsQuery, type TableQuery } from './discover-query';
import { formatRow, metaOf, type ResultMeta, type Row } from './discover-results';
import { type CellValue, cellOf, type EventRow } from './event-view';
import { planRollupStats, planRollupTable, rollupSeries, rollupTable } from './rollup-engine';
import { type ScanTarget, scanSeries, scanTable } from './scan-engine';

export type EngineChoice = 'auto' | 'scan';

export interface TableResult {
  data: Row[];
  meta: ResultMeta;
  /** Rows past this page exist. */
  hasMore: boolean;
  /** The cursor of the next page (`0:<offset>:0`, or a time anchor for event lists by time). */
  nextCursor: string;
  engine: 'rollup' | 'scan';
}

/** All rows of the query, sorted (before paging). */
export async function allRows(
  target: ScanTarget,
  query: TableQuery,
  choice: EngineChoice = 'auto',
): Promise<{ rows: Row[]; engine: 'rollup' | 'scan' }> {
  const plan = choice === 'auto' ? planRollupTable(query) : null;
  if (plan) {
    const rows = await rollupTable(target, query, plan);
    if (rows !== null) return { rows, engine: 'rollup' };
  }
  // The scan stops early for time-sorted event lists: ask for one row past the page.
  const rows = await scanTable(target, { ...query, limit: query.limit + 1 });
  if (query.aggregated && query.groupBy.length === 0 && rows.length === 0) {
    rows.push(emptyAggregateRow(query.aggregates));
  }
  return { rows, engine: 'scan' };
}

function emptyAggregateRow(aggregates: FunctionRef[]): Row {
  return Object.fromEntries(aggregates.map((fn) => [fn.name, fn.fn.startsWith('count') ? 0 : null]));
}

export async function runTable(
  target: ScanTarget,
  query: TableQuery,
  choice: EngineChoice = 'auto',
): Promise<TableResult> {
  const { rows, engine } = await allRows(target, query, choice);
  const page = rows.slice(query.offset, query.offset + query.limit);
  return {
    data: page.map((row) => formatRow(row, query.fields)),
    meta: metaOf(query.fields, query.dataset),
    hasMore: rows.length > query.offset + query.limit,
    nextCursor: nextCursorOf(query, page),
    engine,
  };
}

/** Event lists by time page by keyset (the last row's time and how many rows of that time came). */
function nextCursorOf(query: TableQuery, page: Row[]): string {
  if (query.aggregated || !isTimeOrdered(query.sort) || page.length === 0)
    return `0:${query.offset + query.limit}:0`;
  const last = page.at(-1)!.timestamp as number;
  let atLast = page.filter((row) => row.timestamp === last).length;
  if (query.anchor && query.anchor.timestamp === last) atLast += query.anchor.skip;
  return `${last}:${atLast}:0`;
}

type Point = [number, Array<{ count: CellValue }>];

interface Series {
  data: Point[];
  start: number;
  end: number;
  isMetricsData: false;
  order?: number;
  meta: ResultMeta;
}

export type StatsResult = Series | Record<string, Series | Record<string, Series>>;

/** The interval buckets of the window, the first aligned down to the interval as Sentry does. */
export function bucketsOf(query: StatsQuery): number[] {
  const first = Math.floor(query.start / query.interval) * query.interval;
  const buckets: number[] = [];
  for (let bucket = first; bucket < query.end; bucket += query.interval) buckets.push(bucket);
  return buckets;
}

const labelOfRow = (row: Row, fields: FieldRef[]) => fields.map((f) => String(row[f.name] ?? '')).join(',');

export async function runStats(
  target: ScanTarget,
  query: StatsQuery,
  choice: EngineChoice = 'auto',
): Promise<{ result: StatsResult; engine: 'rollup' | 'scan' }> {
  const buckets = bucketsOf(query);
  // Top events: the groups with the highest values of the sort over the whole window first.
  let top: string[] | null = null;
  if (query.topEvents > 0) {
    const fields: FieldRef[] = [...query.groupBy, ...query.yAxis];
    const table = await allRows(
      target,
      {
        ...query,
        fields,
        aggregates: query.yAxis,
        aggregated: true,
        limit: query.topEvents,
        offset: 0,
        anchor: null,
      },
      choice,
    );
    top = table.rows.slice(0, query.topEvents).map((row) => labelOfRow(row, query.groupBy));
  }
  const topSet = new Set(top ?? []);
  const labelOf = (group: string) => (top === null ? '' : topSet.has(group) ? group : 'Other');

  let series: Map<string, Array<Array<CellValue>>> | null = null;
  let engine: 'rollup' | 'scan' = 'scan';
  const plan = choice === 'auto' ? planRollupStats(query) : null;
  if (plan) {
    series = await rollupSeries(target, query, plan, buckets, labelOf);
    if (series) engine = 'rollup';
  }
  if (series === null) {
    const groupOf =
      top === null
        ? null
        : (event: EventRow) =>
            labelOf(
              query.groupBy.map((column) => String(cellOf(column, event, target.slugs) ?? '')).join(','),
            );
    const accumulated = await scanSeries(target, query, buckets, groupOf);
    series = new Map(
      [...accumulated].map(([label, points]) => [
        label,
        points.map((point) => point.map((acc) => acc.result())),
      ]),
    );
  }

  const seriesOf = (values: Array<Array<CellValue>> | undefined, axis: number, order?: number): Series => ({
    data: buckets.map((bucket, i) => [
      Math.floor(bucket / 1000),
      [{ count: values?.[i]?.[axis] ?? (query.yAxis[axis]!.fn.startsWith('count') ? 0 : null) }],
    ]),
    start: Math.floor(buckets[0]! / 1000),
    end: Math.floor(query.end / 1000),
    isMetricsData: false,
    ...(order === undefined ? {} : { order }),
    meta: metaOf([query.yAxis[axis]!], query.dataset),
  });
  const perAxis = (
    values: Array<Array<CellValue>> | undefined,
    order?: number,
  ): Series | Record<string, Series> =>
    query.yAxis.length === 1
      ? seriesOf(values, 0, order)
      : Object.fromEntries(query.yAxis.map((fn, axis) => [fn.name, seriesOf(values, axis, axis)]));

  if (top === null) return { result: perAxis(series.get('')), engine };
  const result: Record<string, Series | Record<string, Series>> = {};
  top.forEach((label, order) => {
    result[label] = perAxis(series.get(label), order);
  });
  if (series.has('Other')) result.Other = perAxis(series.get('Other'), top.length);
  return { result, engine };
}
