import { describe, expect, it } from 'vitest';
import { seededRandom } from '../eval/synthetic-items';
import { fitLogistic, type LabeledSample, logLoss } from './fit-logistic';

/** Samples drawn from a known logistic model, so the fit has a right answer. */
function sample(n: number, intercept: number, weights: readonly number[], seed: number): LabeledSample[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const x = weights.map(() => random());
    const z = intercept + x.reduce((s, v, i) => s + v * (weights[i] ?? 0), 0);
    return { x, y: random() < 1 / (1 + Math.exp(-z)) ? 1 : 0 };
  });
}

describe('fitLogistic', () => {
  it('recovers the coefficients of the model that generated the data', () => {
    const fit = fitLogistic(sample(20_000, -2, [3, 1], 4), 1e-6);
    expect(fit.intercept).toBeCloseTo(-2, 0);
    expect(fit.weights[0]).toBeCloseTo(3, 0);
    expect(fit.weights[1]).toBeCloseTo(1, 0);
  });

  it('pins a weight at zero instead of letting it go negative', () => {
    const fit = fitLogistic(sample(5_000, 0, [2, -3], 8), 1e-6);
    expect(fit.weights[1]).toBe(0);
    expect(fit.weights[0]).toBeGreaterThan(0);
  });

  it('fits better than the all-zero model', () => {
    const data = sample(2_000, -1, [4], 6);
    const fit = fitLogistic(data, 1);
    expect(logLoss(fit, data)).toBeLessThan(logLoss({ intercept: 0, weights: [0] }, data));
  });
});
