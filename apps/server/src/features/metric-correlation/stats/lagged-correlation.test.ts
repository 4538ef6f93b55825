/**
 * The correlation on synthetic series whose truth is known: a metric that follows the error rate
 * by a known lag gives that lag and a significant result; independent, strongly autocorrelated
 * series (AR(1), φ = 0.9: the slow drifts of real traffic) give no significant result, and across
 * many seeds are called significant about as rarely as α promises, where the naive test (n − 2
 * degrees of freedom) is fooled most of the time.
 */
import { describe, expect, it } from 'vitest';
import { laggedCorrelation, NotEnoughData } from './lagged-correlation';
import { studentTTwoSided } from './student-t';
import { ar1, normalDraws, seededRandom } from './synthetic-series';

describe('studentTTwoSided', () => {
  it('matches tabulated quantiles', () => {
    // t(0.975; 10) = 2.228, t(0.975; 30) = 2.042, t(0.995; 5) = 4.032.
    expect(studentTTwoSided(2.228, 10)).toBeCloseTo(0.05, 3);
    expect(studentTTwoSided(2.042, 30)).toBeCloseTo(0.05, 3);
    expect(studentTTwoSided(4.032, 5)).toBeCloseTo(0.01, 3);
    expect(studentTTwoSided(0, 7)).toBeCloseTo(1, 10);
  });
});

describe('laggedCorrelation', () => {
  it('finds a known lag: a metric that drops 3 buckets after the errors rise', () => {
    const normal = normalDraws(seededRandom(7));
    const length = 24 * 7;
    // Error rate: an autocorrelated baseline with a few incident bursts.
    const base = ar1(length + 3, 0.6, normal).map((v) => 20 + 3 * v);
    for (const start of [30, 75, 120]) for (let i = 0; i < 6; i++) base[start + i]! += 40;
    const errors = base.slice(3);
    // metric[t] = 500 − 4 · errors[t − 3] + noise: the checkouts lost three hours later.
    const metric = errors.map((_, t) => 500 - 4 * (t >= 3 ? errors[t - 3]! : base[t]!) + 10 * normal());
    const result = laggedCorrelation(errors, metric, { maxLag: 12 });
    expect(result.lag).toBe(3);
    expect(result.r).toBeLessThan(-0.8);
    expect(result.significant).toBe(true);
    expect(result.pValue).toBeLessThan(1e-4);
    expect(result.lagsTried).toBe(25);
    expect(result.byLag).toHaveLength(25);
  });

  it('finds a negative lag when the metric moves first', () => {
    const normal = normalDraws(seededRandom(11));
    const metric = ar1(200, 0.5, normal);
    // errors[t] = metric[t − 5]: the errors follow the metric by five buckets (lag −5).
    const errors = metric.map((_, t) => (t >= 5 ? metric[t - 5]! : 0) + 0.3 * normal());
    const result = laggedCorrelation(errors, metric, { maxLag: 10 });
    expect(result.lag).toBe(-5);
    expect(result.r).toBeGreaterThan(0.9);
    expect(result.significant).toBe(true);
  });

  it('calls independent strongly autocorrelated series not significant', () => {
    const normal = normalDraws(seededRandom(2026));
    const errors = ar1(336, 0.9, normal).map((v) => 50 + 5 * v);
    const metric = ar1(336, 0.9, normal).map((v) => 1000 + 40 * v);
    const result = laggedCorrelation(errors, metric, { maxLag: 24 });
    expect(result.significant).toBe(false);
    expect(result.pValue).toBeGreaterThan(0.05);
    // Far fewer independent pairs than buckets: about n(1 − φ²)/(1 + φ²) ≈ 35 of ~330.
    expect(result.effectiveN).toBeLessThan(80);
  });

  it('keeps its false-positive rate near alpha over many independent AR(1) pairs, unlike the naive test', () => {
    const trials = 200;
    let flagged = 0;
    let naiveFlagged = 0;
    for (let seed = 1; seed <= trials; seed++) {
      const normal = normalDraws(seededRandom(seed * 7919));
      const errors = ar1(240, 0.9, normal);
      const metric = ar1(240, 0.9, normal);
      const result = laggedCorrelation(errors, metric, { maxLag: 12 });
      if (result.significant) flagged++;
      if (result.naivePValue < 0.05) naiveFlagged++;
    }
    // α = 0.05: at most ~2σ above 10 expected of 200, and the naive test is fooled far more often.
    expect(flagged / trials).toBeLessThanOrEqual(0.08);
    expect(naiveFlagged / trials).toBeGreaterThan(0.5);
  });

  it('refuses series too short or constant, saying which', () => {
    expect(() => laggedCorrelation([1, 2, 3], [3, 2, 1], { maxLag: 1 })).toThrow(NotEnoughData);
    const flat = new Array(48).fill(4);
    const varying = flat.map((_, i) => i % 5);
    expect(() => laggedCorrelation(flat, varying, { maxLag: 3 })).toThrow(/error rate does not vary/);
    expect(() => laggedCorrelation(varying, flat, { maxLag: 3 })).toThrow(/metric does not vary/);
  });
});
