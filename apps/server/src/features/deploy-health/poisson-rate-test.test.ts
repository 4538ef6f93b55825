/**
 * The conditional binomial test against p-values computed independently: exact rational sums
 * (Python's `fractions` and `math.comb`, printed to 15 digits), R's
 * `binom.test(x, n, p, alternative = "greater")` agrees, and closed forms.
 */
import { describe, expect, it } from 'vitest';
import {
  binomialUpperTail,
  DEFAULT_THRESHOLDS,
  judgeRates,
  logGamma,
  poissonRateIncreaseP,
} from './poisson-rate-test';

describe('logGamma', () => {
  it('matches ln((n-1)!) for whole numbers and ln(√π) at one half', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(21)).toBeCloseTo(42.335616460753485, 9);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
  });
});

describe('binomialUpperTail', () => {
  it('matches closed forms: a fair coin, all heads, and the edges', () => {
    expect(binomialUpperTail(10, 10, 0.5)).toBeCloseTo(1 / 1024, 15);
    expect(binomialUpperTail(0, 10, 0.3)).toBe(1);
    expect(binomialUpperTail(11, 10, 0.3)).toBe(0);
    // P(X ≥ 1) = 1 − (1 − p)^n
    expect(binomialUpperTail(1, 20, 0.1)).toBeCloseTo(1 - 0.9 ** 20, 14);
  });

  it('matches exact p-values', () => {
    expect(binomialUpperTail(40, 60, 0.5)).toBeCloseTo(0.00674464686559593, 12);
    expect(binomialUpperTail(60, 90, 0.5)).toBeCloseTo(0.001030132840481538, 12);
    expect(binomialUpperTail(32, 62, 0.5)).toBeCloseTo(0.4495381568264295, 12);
    expect(binomialUpperTail(40, 60, 2 / 3)).toBeCloseTo(0.560313848740851, 12);
  });

  it('stays finite and exact in shape for a million trials', () => {
    // The mean of Binomial(1e6, 0.5) is 500,000: the upper tail from it is just over one half.
    const p = binomialUpperTail(500_000, 1_000_000, 0.5);
    expect(p).toBeGreaterThan(0.5);
    expect(p).toBeLessThan(0.501);
    expect(binomialUpperTail(510_000, 1_000_000, 0.5)).toBeLessThan(1e-80);
  });
});

describe('poissonRateIncreaseP', () => {
  it('weighs counts by their exposures: the same counts over a longer after-window are not higher', () => {
    // Equal windows: n = 60, p0 = 1/2.
    expect(
      poissonRateIncreaseP({ after: 40, afterExposure: 60, before: 20, beforeExposure: 60 }),
    ).toBeCloseTo(0.00674464686559593, 12);
    // After window twice as long: 40 vs 20 is the same rate; p0 = 2/3.
    expect(
      poissonRateIncreaseP({ after: 40, afterExposure: 120, before: 20, beforeExposure: 60 }),
    ).toBeCloseTo(0.560313848740851, 12);
  });

  it('answers 1 with no events at all, and refuses impossible input', () => {
    expect(poissonRateIncreaseP({ after: 0, afterExposure: 1, before: 0, beforeExposure: 1 })).toBe(1);
    expect(() => poissonRateIncreaseP({ after: 1, afterExposure: 0, before: 1, beforeExposure: 1 })).toThrow(
      RangeError,
    );
    expect(() => poissonRateIncreaseP({ after: -1, afterExposure: 1, before: 1, beforeExposure: 1 })).toThrow(
      RangeError,
    );
  });
});

describe('judgeRates', () => {
  const judge = (after: number, before: number) =>
    judgeRates({ after, afterExposure: 60, before, beforeExposure: 60 }, DEFAULT_THRESHOLDS);

  it('flags a doubling that is significant, large enough and not tiny', () => {
    expect(judge(60, 30)).toMatchObject({ flagged: true, ratio: 2, rateAfter: 1, rateBefore: 0.5 });
  });

  it('does not flag noise, a small effect that is significant, or a handful of events', () => {
    expect(judge(32, 30).flagged).toBe(false);
    // 1,300 vs 1,000: p ≈ 1e-9 but a ratio of 1.3 is below the minimum effect.
    const small = judge(1_300, 1_000);
    expect(small.pValue).toBeLessThan(1e-6);
    expect(small.flagged).toBe(false);
    // 8 vs 0: p = 0.0039, an infinite ratio, but fewer than 10 events after.
    expect(judge(8, 0)).toMatchObject({ flagged: false, ratio: null });
    expect(judge(12, 0)).toMatchObject({ flagged: true, ratio: null });
  });
});
