/**
 * A shared daily rhythm (traffic) correlates two otherwise independent series strongly and
 * "significantly"; without the daily cycle, the same pairs are not significant, and a real lagged
 * effect on top of the rhythm is still found.
 */
import { describe, expect, it } from 'vitest';
import { withoutDailyCycle } from './daily-cycle';
import { laggedCorrelation, NotEnoughData } from './lagged-correlation';
import { ar1, normalDraws, seededRandom } from './synthetic-series';

const HOUR = 3_600_000;
const hours = (n: number) => Array.from({ length: n }, (_, i) => Date.UTC(2026, 11, 1) + i * HOUR);
const rhythm = (start: number) => Math.sin((2 * Math.PI * new Date(start).getUTCHours()) / 24);

describe('withoutDailyCycle', () => {
  it('subtracts the mean of each hour of day', () => {
    const starts = hours(48);
    const values = starts.map((start, i) => 10 * rhythm(start) + (i < 24 ? 1 : -1));
    const cleaned = withoutDailyCycle(values, starts);
    for (const [i, value] of cleaned.entries()) expect(value).toBeCloseTo(i < 24 ? 1 : -1, 10);
  });

  it('needs two days', () => {
    expect(() => withoutDailyCycle([1, 2, 3], hours(3))).toThrow(NotEnoughData);
  });

  it('turns a correlation made by a shared rhythm into no significant one, keeping a real lag', () => {
    const starts = hours(24 * 7);
    let rawSignificant = 0;
    let cleanedSignificant = 0;
    let lagKept = 0;
    const trials = 50;
    for (let seed = 1; seed <= trials; seed++) {
      const normal = normalDraws(seededRandom(seed * 131));
      const errors = ar1(starts.length, 0.5, normal).map((v, i) => 20 + 8 * rhythm(starts[i]!) + 2 * v);
      const metric = ar1(starts.length, 0.5, normal).map((v, i) => 100 + 30 * rhythm(starts[i]!) + 5 * v);
      if (laggedCorrelation(errors, metric, { maxLag: 6 }).significant) rawSignificant++;
      const cleaned = laggedCorrelation(
        withoutDailyCycle(errors, starts),
        withoutDailyCycle(metric, starts),
        {
          maxLag: 6,
        },
      );
      if (cleaned.significant) cleanedSignificant++;
      // A real effect on top: the metric loses 3 per error two hours later.
      const hurt = metric.map((v, t) => (t >= 2 ? v - 3 * (errors[t - 2]! - 20) : v));
      const real = laggedCorrelation(withoutDailyCycle(errors, starts), withoutDailyCycle(hurt, starts), {
        maxLag: 6,
      });
      if (real.significant && real.lag === 2) lagKept++;
    }
    expect(rawSignificant / trials).toBeGreaterThan(0.9);
    expect(cleanedSignificant / trials).toBeLessThanOrEqual(0.08);
    expect(lagKept / trials).toBeGreaterThan(0.9);
  });
});
