import { describe, expect, it } from 'vitest';
import type { PairFeatures } from '../similarity/pair-features';
import { ATTACH_THRESHOLD, combinedScore, confidenceOf, FITTED_MODEL } from './score-model';

const all = (x: number): PairFeatures => ({
  frames: x,
  frameSet: x,
  type: x,
  message: x,
  recency: x,
  rareFrame: x,
  topFrame: x,
  crossChain: x,
});

describe('score model', () => {
  it('maps a perfect match to score 1 and no match to score 0', () => {
    expect(combinedScore(all(1), FITTED_MODEL)).toBeCloseTo(1, 12);
    expect(combinedScore(all(0), FITTED_MODEL)).toBe(0);
  });

  it('has a confidence that stays in [0, 1] and never decreases with the score', () => {
    let previous = -1;
    for (let i = 0; i <= 1000; i++) {
      const c = confidenceOf(i / 1000, FITTED_MODEL);
      expect(c).toBeGreaterThanOrEqual(0);
      expect(c).toBeLessThanOrEqual(1);
      expect(c).toBeGreaterThanOrEqual(previous);
      previous = c;
    }
    expect(confidenceOf(0.999, FITTED_MODEL)).toBeGreaterThan(confidenceOf(0.5, FITTED_MODEL));
  });

  it('stays finite at the ends of the score range', () => {
    expect(Number.isFinite(confidenceOf(0, FITTED_MODEL))).toBe(true);
    expect(Number.isFinite(confidenceOf(1, FITTED_MODEL))).toBe(true);
  });

  it('only lets near-identical matches reach the attach threshold', () => {
    expect(confidenceOf(1, FITTED_MODEL)).toBeGreaterThanOrEqual(ATTACH_THRESHOLD);
    expect(confidenceOf(0.8, FITTED_MODEL)).toBeLessThan(ATTACH_THRESHOLD);
  });

  it('weighs every feature non-negatively, so more alike never scores lower', () => {
    for (const w of Object.values(FITTED_MODEL.weights)) expect(w).toBeGreaterThanOrEqual(0);
    const base = { ...all(0.5) };
    for (const name of Object.keys(base) as (keyof PairFeatures)[]) {
      expect(combinedScore({ ...base, [name]: 0.9 }, FITTED_MODEL)).toBeGreaterThanOrEqual(
        combinedScore(base, FITTED_MODEL),
      );
    }
  });
});
