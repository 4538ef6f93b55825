import { describe, expect, it } from 'vitest';
import { fillGaps, resampleMean } from './resample';

describe('resampleMean', () => {
  it('averages samples per bucket and interpolates empty buckets', () => {
    const start = 1_000_000;
    const step = 60_000;
    const samples = [
      { at: start + 1_000, value: 2 },
      { at: start + 59_000, value: 4 },
      // bucket 1 empty
      { at: start + 2 * step, value: 9 },
      { at: start + 10 * step, value: 100 }, // outside the grid
      { at: start - 1, value: 100 }, // before it
    ];
    const { values, observed } = resampleMean(samples, start, step, 4);
    expect(values).toEqual([3, 6, 9, 9]);
    expect(observed).toBe(2);
  });

  it('fills the ends with the nearest value and an empty series with zeros', () => {
    expect(fillGaps([null, 2, null, null, 8, null])).toEqual([2, 2, 4, 6, 8, 8]);
    expect(fillGaps([null, null])).toEqual([0, 0]);
  });
});
