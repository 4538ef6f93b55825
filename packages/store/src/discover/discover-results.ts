/**
 * What both engines share about results: the accumulator of each function over events, the
 * Sentry shape of a cell (dates as `2026-12-07T12:00:00+00:00`), `meta.fields`/`meta.units`, and
 * sorting groups by the query's sort keys.
 */
import type { FieldRef, FunctionRef } from './discover-fields';
import type { SortKey } from './discover-query';
import { type CellValue, cellOf, type EventRow, type ProjectSlugs } from './event-view';

export type Row = Record<string, CellValue>;

export interface ResultMeta {
  fields: Record<string, string>;
  units: Record<string, string | null>;
  dataset: string;
  isMetricsData: false;
  tips: Record<string, never>;
}

export function metaOf(fields: FieldRef[], dataset: string): ResultMeta {
  return {
    fields: Object.fromEntries(fields.map((f) => [f.name, f.type])),
    units: Object.fromEntries(fields.map((f) => [f.name, f.kind === 'function' ? f.unit : null])),
    dataset,
    isMetricsData: false,
    tips: {},
  };
}

/** Sentry writes dates in ISO 8601 with an explicit UTC offset. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

export function formatCell(field: FieldRef, value: CellValue): CellValue {
  if (field.type === 'date' && typeof value === 'number') return isoDate(value);
  return value;
}

/** One function's running state over the events of a group. */
export interface Accumulator {
  add(row: EventRow): void;
  result(): CellValue;
}

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = p * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

const PERCENTILE_OF: Partial<Record<FunctionRef['fn'], number>> = {
  p50: 0.5,
  p75: 0.75,
  p95: 0.95,
  p99: 0.99,
};

export function accumulatorOf(fn: FunctionRef, slugs: ProjectSlugs): Accumulator {
  const column = fn.column;
  const numberOf = (row: EventRow): number | null => {
    const value = column ? cellOf(column, row, slugs) : null;
    if (typeof value === 'number') return value;
    return null;
  };
  switch (fn.fn) {
    case 'count': {
      let n = 0;
      return {
        add() {
          n += 1;
        },
        result: () => n,
      };
    }
    case 'count_unique': {
      const seen = new Set<string>();
      return {
        add(row) {
          const value = cellOf(column!, row, slugs);
          if (value !== null && value !== '') seen.add(String(value));
        },
        result: () => seen.size,
      };
    }
    case 'count_if': {
      const { op, value } = fn.condition!;
      const wanted = Number(value);
      const test = (cell: CellValue): boolean => {
        if (op === 'equals') return String(cell ?? '') === value;
        if (op === 'notEquals') return String(cell ?? '') !== value;
        if (typeof cell !== 'number') return false;
        if (op === 'less') return cell < wanted;
        if (op === 'greater') return cell > wanted;
        if (op === 'lessOrEquals') return cell <= wanted;
        return cell >= wanted;
      };
      let n = 0;
      return {
        add(row) {
          if (test(cellOf(column!, row, slugs))) n += 1;
        },
        result: () => n,
      };
    }
    case 'last_seen': {
      let last: number | null = null;
      return {
        add(row) {
          if (last === null || row.timestamp > last) last = row.timestamp;
        },
        result: () => last,
      };
    }
    case 'min':
    case 'max': {
      let best: number | null = null;
      const better = fn.fn === 'min' ? (a: number, b: number) => a < b : (a: number, b: number) => a > b;
      return {
        add(row) {
          const value = numberOf(row);
          if (value !== null && (best === null || better(value, best))) best = value;
        },
        result: () => best,
      };
    }
    case 'avg':
    case 'sum': {
      let sum = 0;
      let n = 0;
      return {
        add(row) {
          const value = numberOf(row);
          if (value !== null) {
            sum += value;
            n += 1;
          }
        },
        result: () => (fn.fn === 'sum' ? (n === 0 ? null : sum) : n === 0 ? null : sum / n),
      };
    }
    case 'failure_rate':
      // Only the spans and transactions datasets have a status; the query model refuses it on errors.
      return { add: () => {}, result: () => null };
    default: {
      const values: number[] = [];
      const p = PERCENTILE_OF[fn.fn]!;
      return {
        add(row) {
          const value = numberOf(row);
          if (value !== null) values.push(value);
        },
        result: () =>
          percentile(
            values.sort((a, b) => a - b),
            p,
          ),
      };
    }
  }
}

function compare(a: CellValue, b: CellValue): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : 1;
}

/**
 * Sorts rows (raw values, before formatting) by the sort keys, then by every field as a tiebreak
 * so a page boundary never depends on the engine's iteration order.
 */
export function sortRows(rows: Row[], sort: SortKey[], fields: FieldRef[]): Row[] {
  const keys = [
    ...sort,
    ...fields
      .filter((f) => !sort.some((s) => s.field.name === f.name))
      .map((field) => ({ field, descending: false })),
  ];
  return rows.sort((a, b) => {
    for (const { field, descending } of keys) {
      const order = compare(a[field.name] ?? null, b[field.name] ?? null);
      if (order !== 0) return descending ? -order : order;
    }
    return 0;
  });
}

export function formatRow(row: Row, fields: FieldRef[]): Row {
  const out: Row = {};
  for (const field of fields) out[field.name] = formatCell(field, row[field.name] ?? null);
  return out;
}
