/** From an events-timeseries answer to Dexter's grid: placement, gaps, ordering and "Other". */
import { describe, expect, it } from 'vitest';
import { bucketGrid, countWithin, intervalFor, toSeries } from './timeseries-buckets';

const HOUR = 3_600_000;

describe('timeline buckets', () => {
  it('picks about a hundred to two hundred buckets whatever the range', () => {
    for (const days of [1, 7, 14, 30, 90]) {
      const buckets = bucketGrid(0, days * 24 * HOUR, intervalFor(days * 24 * HOUR)).length;
      expect(buckets).toBeGreaterThanOrEqual(24);
      expect(buckets).toBeLessThanOrEqual(180);
    }
  });

  it('places values by timestamp, zero-fills gaps, and puts Other last whatever its order', () => {
    const grid = bucketGrid(0, 4 * HOUR, 3_600);
    const answer = {
      timeSeries: [
        { values: [{ timestamp: 0, value: 2 }], meta: { isOther: true, order: 0 } },
        {
          groupBy: [{ key: 'release', value: 'api@2' }],
          values: [
            { timestamp: HOUR, value: 3 },
            { timestamp: 3 * HOUR, value: null },
          ],
          meta: { order: 1 },
        },
        {
          groupBy: [{ key: 'release', value: null }],
          values: [{ timestamp: 2 * HOUR, value: 1 }],
          meta: { order: 2 },
        },
      ],
    };
    expect(toSeries(answer, grid, 3_600, 'release')).toEqual([
      { name: 'api@2', isOther: false, counts: [0, 3, 0, 0] },
      { name: '(none)', isOther: false, counts: [0, 0, 1, 0] },
      { name: 'Other', isOther: true, counts: [2, 0, 0, 0] },
    ]);
    expect(countWithin(answer, HOUR, 3 * HOUR)).toBe(4);
  });
});
