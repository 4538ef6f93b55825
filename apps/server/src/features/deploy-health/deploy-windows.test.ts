/** The windows around a deploy on the upstream's bucket grid, and reading the grid's bucket length. */
import { describe, expect, it } from 'vitest';
import { bucketMsOf, windowsAround } from './deploy-windows';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('windowsAround', () => {
  it('leaves out the hour holding the deploy when the upstream counts per hour', () => {
    const at = 10 * HOUR + 30 * MIN;
    expect(windowsAround(at, 60 * MIN, HOUR)).toEqual({
      before: { start: 9 * HOUR, end: 10 * HOUR },
      after: { start: 11 * HOUR, end: 12 * HOUR },
      exposureMs: HOUR,
    });
  });

  it('rounds the window up to whole buckets, the same length on both sides', () => {
    const windows = windowsAround(10 * HOUR + 30 * MIN, 90 * MIN, HOUR);
    expect(windows.exposureMs).toBe(2 * HOUR);
    expect(windows.before).toEqual({ start: 8 * HOUR, end: 10 * HOUR });
    expect(windows.after).toEqual({ start: 11 * HOUR, end: 13 * HOUR });
  });

  it('splits exactly at a deploy on a bucket boundary, and at minute buckets', () => {
    expect(windowsAround(10 * HOUR, 60 * MIN, HOUR)).toMatchObject({
      before: { start: 9 * HOUR, end: 10 * HOUR },
      after: { start: 10 * HOUR, end: 11 * HOUR },
    });
    const at = 10 * HOUR + 30 * MIN + 20_000;
    expect(windowsAround(at, 60 * MIN, MIN)).toMatchObject({
      before: { start: 9 * HOUR + 30 * MIN, end: 10 * HOUR + 30 * MIN },
      after: { start: 10 * HOUR + 31 * MIN, end: 11 * HOUR + 31 * MIN },
    });
  });
});

describe('bucketMsOf', () => {
  const values = (...timestamps: number[]) => timestamps.map((timestamp) => ({ timestamp, value: 1 }));

  it('reads the bucket from consecutive timestamps first', () => {
    expect(bucketMsOf({ timeSeries: [{ values: values(0, HOUR), meta: { interval: 60 } }] }, 60)).toBe(HOUR);
  });

  it('falls back to meta.interval (ms, or seconds when too small for ms), then to what was asked', () => {
    expect(bucketMsOf({ timeSeries: [{ values: values(0), meta: { interval: HOUR } }] }, 60)).toBe(HOUR);
    expect(bucketMsOf({ timeSeries: [{ values: values(0), meta: { interval: 3_600 } }] }, 60)).toBe(HOUR);
    expect(bucketMsOf({ timeSeries: [] }, 60)).toBe(MIN);
  });
});
