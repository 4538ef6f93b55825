/**
 * The general engine: reads the window's events of the projects (index `events_project_time`),
 * keeps those the condition accepts and evaluates every field on them. It answers any query of
 * the model; its cost grows with the events in the window (see docs/discover.md), so the rollup
 * engine answers the common aggregate shapes instead when it can.
 */
import { sql } from 'kysely';
import type { StoreDb } from '../db/database';
import type { ColumnRef } from './discover-fields';
import { isTimeOrdered, type Scope, type StatsQuery, type TableQuery } from './discover-query';
import { type Accumulator, accumulatorOf, type Row, sortRows } from './discover-results';
import { compileEventFilter, type EventPredicate } from './event-filter';
import { type CellValue, cellOf, type EventRow, type ProjectSlugs, type StoredEvent } from './event-view';

export interface ScanTarget {
  db: StoreDb;
  projectIds: number[];
  slugs: ProjectSlugs;
  now: number;
}

const PAGE = 2_000;

/** The window's events that pass the scope's environments and condition, in pages. */
export async function* scanEvents(
  target: ScanTarget,
  scope: Pick<Scope, 'start' | 'end' | 'environments' | 'condition'>,
  order: 'asc' | 'desc' = 'asc',
): AsyncGenerator<EventRow> {
  if (target.projectIds.length === 0) return;
  const accept: EventPredicate = compileEventFilter(scope.condition, target.slugs, target.now);
  const environments = new Set(scope.environments);
  // Keyset pages by (timestamp, id) so no page holds the connection long, in either direction.
  let cursor: { timestamp: number; id: number } | null = null;
  for (;;) {
    const after: ReturnType<typeof sql> =
      cursor === null
        ? sql`1 = 1`
        : order === 'asc'
          ? sql`(timestamp, id) > (${cursor.timestamp}, ${cursor.id})`
          : sql`(timestamp, id) < (${cursor.timestamp}, ${cursor.id})`;
    const direction = order === 'asc' ? sql`asc` : sql`desc`;
    const { rows } = await sql<{
      id: number;
      project_id: number;
      issue_id: number;
      timestamp: number;
      data: string;
    }>`
      select id, project_id, issue_id, timestamp, data from events
      where project_id in (${sql.join(target.projectIds)})
        and timestamp >= ${scope.start} and timestamp < ${scope.end} and ${after}
      order by timestamp ${direction}, id ${direction}
      limit ${PAGE}`.execute(target.db);
    for (const row of rows) {
      const event = JSON.parse(row.data) as StoredEvent;
      if (environments.size > 0 && !environments.has(event.environment ?? '')) continue;
      const eventRow: EventRow = {
        projectId: row.project_id,
        issueId: row.issue_id,
        timestamp: row.timestamp,
        event,
      };
      if (accept(eventRow)) yield eventRow;
    }
    if (rows.length < PAGE) return;
    const last = rows.at(-1)!;
    cursor = { timestamp: last.timestamp, id: last.id };
  }
}

interface Group {
  cells: Row;
  accumulators: Accumulator[];
}

function groupKeyOf(columns: ColumnRef[], row: EventRow, slugs: ProjectSlugs): { key: string; cells: Row } {
  const cells: Row = {};
  const parts: CellValue[] = [];
  for (const column of columns) {
    const value = cellOf(column, row, slugs);
    cells[column.name] = value;
    parts.push(value);
  }
  return { key: JSON.stringify(parts), cells };
}

/** All rows of a table query, sorted; the caller pages. */
export async function scanTable(target: ScanTarget, query: TableQuery): Promise<Row[]> {
  const timeOrdered = isTimeOrdered(query.sort);
  if (!query.aggregated) {
    const rows: Row[] = [];
    // Sorted by time alone: read in that order and stop at the page's end.
    const wanted = timeOrdered ? query.offset + query.limit : Number.POSITIVE_INFINITY;
    const descending = timeOrdered && query.sort[0]!.descending;
    const { anchor } = query;
    const window = anchor
      ? descending
        ? { ...query, end: Math.min(query.end, anchor.timestamp + 1) }
        : { ...query, start: Math.max(query.start, anchor.timestamp) }
      : query;
    let skip = anchor?.skip ?? 0;
    for await (const event of scanEvents(target, window, descending ? 'desc' : 'asc')) {
      if (skip > 0 && event.timestamp === anchor!.timestamp) {
        skip -= 1;
        continue;
      }
      const row: Row = {};
      for (const field of query.groupBy) row[field.name] = cellOf(field, event, target.slugs);
      rows.push(row);
      if (rows.length >= wanted) break;
    }
    return timeOrdered ? rows : sortRows(rows, query.sort, query.fields);
  }
  const groups = new Map<string, Group>();
  for await (const event of scanEvents(target, query)) {
    const { key, cells } = groupKeyOf(query.groupBy, event, target.slugs);
    let group = groups.get(key);
    if (!group) {
      group = { cells, accumulators: query.aggregates.map((fn) => accumulatorOf(fn, target.slugs)) };
      groups.set(key, group);
    }
    for (const accumulator of group.accumulators) accumulator.add(event);
  }
  const rows = [...groups.values()].map((group) => {
    const row: Row = { ...group.cells };
    query.aggregates.forEach((fn, i) => {
      row[fn.name] = group.accumulators[i]!.result();
    });
    return row;
  });
  return sortRows(rows, query.sort, query.fields);
}

export interface SeriesPoint {
  bucket: number;
  values: CellValue[];
}

/**
 * One series per group (the whole window's events when `groups` is null): each interval's value
 * of every yAxis. `groupOf` names an event's group; events of no listed group go to `other`.
 */
export async function scanSeries(
  target: ScanTarget,
  query: StatsQuery,
  buckets: number[],
  groupOf: ((row: EventRow) => string) | null,
): Promise<Map<string, Accumulator[][]>> {
  const series = new Map<string, Accumulator[][]>();
  const first = buckets[0]!;
  for await (const event of scanEvents(target, { ...query, start: first })) {
    const index = Math.floor((event.timestamp - first) / query.interval);
    if (index < 0 || index >= buckets.length) continue;
    const group = groupOf ? groupOf(event) : '';
    let points = series.get(group);
    if (!points) {
      points = buckets.map(() => query.yAxis.map((fn) => accumulatorOf(fn, target.slugs)));
      series.set(group, points);
    }
    for (const accumulator of points[index]!) accumulator.add(event);
  }
  return series;
}
