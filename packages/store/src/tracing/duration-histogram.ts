/**
 * Span durations as a log-scale histogram, the form `span_group_hours` (migration 0017) keeps them
 * in: 16 buckets per doubling, so a bucket is 4.4 % wide and a percentile read from merged
 * buckets is within that of the exact one (Sentry's own span percentiles are estimates too).
 * Histograms of any number of spans merge by adding counts, which is what lets the store answer a
 * percentile over a day of a transaction's child spans from 24 hourly rows instead of every span.
 *
 * Stored as JSON text `{"<bucket>": count}` (sparse: a span group's durations sit in a few
 * buckets). `bucketOf` has a SQL twin in the migration's backfill; both must agree.
 */

export const BUCKETS_PER_DOUBLING = 16;
/** Zero and negative durations (clock skew) share one bucket below every other. */
export const ZERO_BUCKET = -1000;

export type Histogram = Record<string, number>;

export function bucketOf(ms: number): number {
  if (!(ms > 0)) return ZERO_BUCKET;
  return Math.max(ZERO_BUCKET + 1, Math.floor(Math.log2(ms) * BUCKETS_PER_DOUBLING));
}

const lowerEdge = (bucket: number) => (bucket === ZERO_BUCKET ? 0 : 2 ** (bucket / BUCKETS_PER_DOUBLING));
const upperEdge = (bucket: number) =>
  bucket === ZERO_BUCKET ? 0 : 2 ** ((bucket + 1) / BUCKETS_PER_DOUBLING);

export function addDuration(histogram: Histogram, ms: number): void {
  const key = String(bucketOf(ms));
  histogram[key] = (histogram[key] ?? 0) + 1;
}

export function mergeInto(target: Histogram, source: Histogram): void {
  for (const [key, count] of Object.entries(source)) target[key] = (target[key] ?? 0) + count;
}

/** Parses stored JSON; anything malformed counts as empty (a histogram is never worth a failed read). */
export function parseHistogram(text: unknown): Histogram {
  if (typeof text !== 'string') return {};
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
    const out: Histogram = {};
    for (const [key, count] of Object.entries(value)) {
      if (typeof count === 'number' && count > 0 && /^-?\d+$/.test(key)) out[key] = count;
    }
    return out;
  } catch {
    return {};
  }
}

/** SQL `dexter_histogram_merge(a, b)`: the rollup's upsert adds an envelope's histogram to a row's. */
export function mergeHistogramTexts(a: unknown, b: unknown): string {
  const merged = parseHistogram(a);
  mergeInto(merged, parseHistogram(b));
  return JSON.stringify(merged);
}

/**
 * The q-quantile (0..1), ranked as `interpolatedQuantile` ranks exact values (numpy's linear:
 * rank (n-1)·q), placed linearly inside the bucket that holds the rank and kept within the
 * group's exact minimum and maximum (so q = 0 and q = 1 are exact). Null for no spans.
 */
export function histogramQuantile(histogram: Histogram, q: number, min: number, max: number): number | null {
  const buckets = Object.entries(histogram)
    .map(([key, count]) => [Number(key), count] as const)
    .sort((a, b) => a[0] - b[0]);
  const n = buckets.reduce((sum, [, count]) => sum + count, 0);
  if (n === 0) return null;
  if (q <= 0) return min;
  if (q >= 1) return max;
  const rank = (n - 1) * q;
  let before = 0;
  for (const [bucket, count] of buckets) {
    if (rank < before + count) {
      const share = (rank - before + 0.5) / count;
      const value = lowerEdge(bucket) + share * (upperEdge(bucket) - lowerEdge(bucket));
      return Math.min(max, Math.max(min, value));
    }
    before += count;
  }
  return max;
}
