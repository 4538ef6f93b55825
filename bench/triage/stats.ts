/** The percentiles this bench reports, nearest-rank like `bench/lib/percentiles.ts` (every figure was observed). */
import { percentile } from '../lib/percentiles';

export interface Spread {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function spreadOf(values: readonly number[]): Spread {
  const sorted = Float64Array.from(values).sort();
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: percentile(sorted, 100),
  };
}

/**
 * Percentiles of durations weighted by themselves: the p95 is the duration such that 95 % of the
 * summed time went to durations no longer than it. A count-based p95 over frame intervals hides a
 * 450 ms stall among hundreds of 16.7 ms frames; weighted by time, that stall is what a user
 * spends the moment in, and it shows.
 */
export function timeWeightedSpreadOf(durations: readonly number[]): Spread {
  const sorted = Float64Array.from(durations).sort();
  let total = 0;
  for (const value of sorted) total += value;
  const at = (p: number): number => {
    if (sorted.length === 0) return Number.NaN;
    let sum = 0;
    for (const value of sorted) {
      sum += value;
      if (sum >= (p / 100) * total) return value;
    }
    return sorted[sorted.length - 1] ?? Number.NaN;
  };
  return { count: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: at(100) };
}

/** The share of the summed time that went to durations longer than `limit` (NaN if none). */
export function shareOfTimeAbove(durations: readonly number[], limit: number): number {
  let total = 0;
  let above = 0;
  for (const value of durations) {
    total += value;
    if (value > limit) above += value;
  }
  return total > 0 ? above / total : Number.NaN;
}
