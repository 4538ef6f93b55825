/**
 * The series every pattern detector reads: event counts per hour of one issue, on a grid that
 * starts at a whole UTC hour. Helpers here are the statistics the detectors share. Pure.
 */
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export interface HourlySeries {
  /** Epoch ms of the first bucket, a whole UTC hour. */
  start: number;
  /** Events per hour, oldest first. */
  counts: readonly number[];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Median absolute deviation, scaled to estimate a standard deviation for normal data. */
export function robustSpread(values: readonly number[]): number {
  const center = median(values);
  return 1.4826 * median(values.map((value) => Math.abs(value - center)));
}

/** Indexes of the hours with at least one event. */
export const activeHours = (counts: readonly number[]): number[] =>
  counts.flatMap((count, index) => (count > 0 ? [index] : []));
