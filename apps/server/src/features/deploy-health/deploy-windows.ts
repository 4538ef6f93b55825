/**
 * The two windows compared around a deploy, on the upstream's bucket grid. Upstreams count events
 * per bucket (Sentry per minute for a short range, the built-in store per hour), so a window is a
 * whole number of buckets: the bucket holding the deploy is left out, `before` ends where it
 * starts and `after` starts where it ends, each at least the configured window long. Both windows
 * then have the same exposure and no event is counted on the wrong side. Pure.
 */
import type { EventsTimeseries } from '@dexter/sentry-client';

export interface DeployWindows {
  /** ms, bucket-aligned; [start, end). */
  before: { start: number; end: number };
  after: { start: number; end: number };
  /** Length of each window, ms. */
  exposureMs: number;
}

export function windowsAround(deployAt: number, windowMs: number, bucketMs: number): DeployWindows {
  const length = Math.ceil(windowMs / bucketMs) * bucketMs;
  const low = Math.floor(deployAt / bucketMs) * bucketMs;
  const high = Math.ceil(deployAt / bucketMs) * bucketMs;
  return {
    before: { start: low - length, end: low },
    after: { start: high, end: high + length },
    exposureMs: length,
  };
}

/**
 * The bucket length the upstream used: from two consecutive timestamps when it sent them, else
 * its `meta.interval` (ms in the built-in store and Sentry's serializer; read as seconds when it is
 * too small to be ms), else what was asked.
 */
export function bucketMsOf(answer: EventsTimeseries, askedSeconds: number): number {
  for (const series of answer.timeSeries) {
    const [first, second] = series.values;
    if (first && second && second.timestamp > first.timestamp) return second.timestamp - first.timestamp;
  }
  const meta = answer.timeSeries[0]?.meta?.interval;
  if (typeof meta === 'number' && meta > 0) return meta < 60_000 ? meta * 1000 : meta;
  return askedSeconds * 1000;
}
