/**
 * The throughput chart's unit follows its figures: per minute when a bucket reaches one a
 * minute, per hour (values times 60) when traffic is quieter, as the throughput figure does.
 */
import { describe, expect, it } from 'vitest';
import { formatThroughput, throughputScale } from './performance-queries';

describe('throughputScale', () => {
  it('keeps per minute once a bucket reaches one transaction a minute', () => {
    expect(
      throughputScale([
        [0, 0.5],
        [1, 3],
      ]),
    ).toEqual({ unit: '/min', factor: 1 });
  });
  it('switches to per hour for quiet transactions, so the axis shows whole counts', () => {
    const scale = throughputScale([
      [0, 0.05],
      [1, 0.2],
    ]);
    expect(scale).toEqual({ unit: '/h', factor: 60 });
    expect(0.2 * scale.factor).toBeCloseTo(12, 6);
  });
  it('says per minute for an empty series', () => {
    expect(throughputScale([])).toEqual({ unit: '/min', factor: 1 });
  });
});

describe('formatThroughput', () => {
  it('names its unit', () => {
    expect(formatThroughput(12)).toBe('12 /min');
    expect(formatThroughput(0.005)).toBe('0.30 /h');
  });
});
