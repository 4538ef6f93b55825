/**
 * From an `events-timeseries` answer to Dexter's aligned buckets. Upstreams align their buckets
 * to the interval (Sentry rounds start and end to the rollup), so values are placed by timestamp
 * into Dexter's own grid: every series has one count per bucket, zeros where the upstream left
 * a gap. Pure; no I/O.
 */
import type { TimelineSeries } from '@dexter/contracts';
import type { EventsTimeseries } from '@dexter/sentry-client';

const MINUTE = 60;
const HOUR = 3_600;
const DAY = 86_400;

/** Seconds per bucket for a range: about 100–200 bars whatever the range. */
export function intervalFor(rangeMs: number): number {
  const hours = rangeMs / 3_600_000;
  if (hours <= 6) return 5 * MINUTE;
  if (hours <= 48) return HOUR;
  if (hours <= 24 * 8) return HOUR;
  if (hours <= 24 * 15) return 3 * HOUR;
  if (hours <= 24 * 31) return 6 * HOUR;
  return DAY;
}

/** Bucket starts from `start` (floored to the interval) up to `end`, epoch ms. */
export function bucketGrid(start: number, end: number, intervalSeconds: number): number[] {
  const step = intervalSeconds * 1000;
  const first = Math.floor(start / step) * step;
  const grid: number[] = [];
  for (let t = first; t < end; t += step) grid.push(t);
  return grid;
}

const groupName = (series: EventsTimeseries['timeSeries'][number], groupBy: string | null) => {
  if (series.meta?.isOther) return 'Other';
  const group = series.groupBy?.find((g) => g.key === groupBy) ?? series.groupBy?.[0];
  const value = group?.value;
  return typeof value === 'string' || typeof value === 'number' ? String(value) || '(none)' : '(none)';
};

/** The answer's series on the grid, ordered as the upstream ranked them, `Other` last. */
export function toSeries(
  answer: EventsTimeseries,
  grid: readonly number[],
  intervalSeconds: number,
  groupBy: string | null,
): TimelineSeries[] {
  const step = intervalSeconds * 1000;
  const first = grid[0] ?? 0;
  const byName = new Map<string, TimelineSeries & { order: number }>();
  answer.timeSeries.forEach((series, position) => {
    const name = groupBy === null ? 'events' : groupName(series, groupBy);
    const entry = byName.get(name) ?? {
      name,
      isOther: Boolean(series.meta?.isOther),
      counts: grid.map(() => 0),
      order: series.meta?.order ?? position,
    };
    for (const point of series.values) {
      const index = Math.floor((point.timestamp - first) / step);
      if (index >= 0 && index < grid.length && point.value !== null) entry.counts[index]! += point.value;
    }
    byName.set(name, entry);
  });
  return [...byName.values()]
    .sort((a, b) => Number(a.isOther) - Number(b.isOther) || a.order - b.order)
    .map(({ order: _order, ...series }) => series);
}

/**
 * Events of all series in buckets starting in [from, to). Callers align `from` and `to` to the
 * interval (and ask the upstream for a range aligned the same way), so no bucket straddles them.
 */
export function countWithin(answer: EventsTimeseries, from: number, to: number): number {
  let count = 0;
  for (const series of answer.timeSeries) {
    for (const point of series.values) {
      if (point.timestamp >= from && point.timestamp < to) count += point.value ?? 0;
    }
  }
  return count;
}
