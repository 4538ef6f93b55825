/**
 * SQL functions the span aggregates need and SQLite lacks, registered on the store's connection:
 * `dexter_quantile(value, q)` is the q-quantile of a group's values with linear interpolation
 * between the two nearest ranks (numpy's default), so `p95(span.duration)` is one SQL aggregate
 * that groups, sorts and pages like `count()`. Exact, not sketched: a group's values are held
 * until its result (a transaction's spans of the range; measured by bench:tracing's summary).
 * `dexter_histogram_merge(a, b)` adds two duration histograms (`duration-histogram.ts`), for the
 * span group rollup's upsert.
 */
import type { Database } from 'better-sqlite3';
import { mergeHistogramTexts } from './duration-histogram';

/** The q-quantile (0..1) of values sorted ascending; null for none. */
export function interpolatedQuantile(sorted: ArrayLike<number>, q: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const rank = (n - 1) * Math.min(1, Math.max(0, q));
  const low = Math.floor(rank);
  const high = Math.min(n - 1, low + 1);
  return sorted[low]! + (rank - low) * (sorted[high]! - sorted[low]!);
}

interface QuantileState {
  values: number[];
  q: number;
}

const registered = new WeakSet<Database>();

export function registerSpanFunctions(sqlite: Database): void {
  if (registered.has(sqlite)) return;
  registered.add(sqlite);
  sqlite.function('dexter_histogram_merge', { deterministic: true }, mergeHistogramTexts);
  sqlite.aggregate('dexter_quantile', {
    start: (): QuantileState => ({ values: [], q: 0.5 }),
    // better-sqlite3 passes the SQL arguments after the state; its types name only one.
    step: ((state: QuantileState, value: unknown, q: unknown) => {
      if (typeof value === 'number') state.values.push(value);
      if (typeof q === 'number') state.q = q;
      return state;
    }) as (state: QuantileState, ...args: unknown[]) => QuantileState,
    result: (state: QuantileState) => {
      const sorted = Float64Array.from(state.values).sort();
      return interpolatedQuantile(sorted, state.q);
    },
  });
}
