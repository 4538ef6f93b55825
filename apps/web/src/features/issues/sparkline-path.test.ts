import { describe, expect, it } from 'vitest';
import { sparklineBars, sparklinePoints } from './sparkline-path';

describe('sparklinePoints', () => {
  it('spreads buckets over the width and scales the busiest to the top', () => {
    expect(
      sparklinePoints(
        [
          [0, 0],
          [3600, 5],
          [7200, 10],
        ],
        100,
        20,
      ),
    ).toBe('0,20 50,10 100,0');
  });

  it('puts a series without events on the baseline', () => {
    expect(
      sparklinePoints(
        [
          [0, 0],
          [3600, 0],
        ],
        10,
        8,
      ),
    ).toBe('0,8 10,8');
  });

  it('centres a single bucket and draws nothing for none', () => {
    expect(sparklinePoints([[0, 4]], 10, 8)).toBe('5,0');
    expect(sparklinePoints([], 10, 8)).toBe('');
  });
});

describe('sparklineBars', () => {
  it('draws one bar per bucket, the largest full height, an empty bucket as a stub', () => {
    const bars = sparklineBars(
      [
        [0, 4],
        [3600, 0],
        [7200, 2],
      ],
      80,
      20,
    );
    expect(bars.map((b) => b.height)).toEqual([20, 1, 10]);
    expect(bars.map((b) => b.y)).toEqual([0, 19, 10]);
    expect(bars[2]!.x + bars[2]!.width).toBeCloseTo(80, 0);
  });
});
