// Turns pair features into one similarity score, and the score into the pair's confidence.
//
// score      = Σ wᵢ·xᵢ / Σ wᵢ  over the features of pair-features.ts (all in [0, 1], weights ≥ 0),
//              so ranking is by a weighted mean and more alike never scores lower;
// confidence = σ(c + a·ln(score) − b·ln(1 − score)): the probability that the two items are the same
//              bug. This is beta calibration (Kull et al., 2017), Platt scaling on ln(score) and
//              ln(1 − score): a straight line in the score was too flat at the top (stated 35 %, observed
//              80 % on held-out folds), because almost all pairs sit near 0; a, b ≥ 0 keep it increasing.
//              This is THE confidence of a pair: it depends on the two items (and the rarity the
//              index has learned) only, never on which other candidates a query happened to retrieve,
//              so the issue page, a cluster's links and a merge proposal all state the same number for
//              the same pair.
// The weights are the coefficients of a logistic regression of "same group" on the features of each
// query's candidates (a learned combiner; with Σ wᵢ as slope it would already be a probability); the
// calibration is then fitted on the pairs the product shows, each query's best few, so that "72 %"
// means that about 72 % of such pairs were the same bug.
// The constants below were printed by `tsx packages/grouping/src/calibration/fit-cli.ts
// ../shared/data/grouping/dev.jsonl` (see that file for the procedure; the fit starts from equal
// weights, so it depends on the data only); `fitted-model.test.ts` retrains and must get them back to
// the last decimal, and `npm run eval:grouping` checks them on held-out folds. Refit them whenever a
// feature changes.

import type { PairFeatures } from '../similarity/pair-features';

export interface ScoreModel {
  readonly weights: { readonly [K in keyof PairFeatures]: number };
  /** Beta calibration: confidence = σ(intercept + a·ln(score) − b·ln(1 − score)). */
  readonly calibration: { readonly intercept: number; readonly a: number; readonly b: number };
}

export const FITTED_MODEL: ScoreModel = {
  weights: {
    frames: 0.392,
    frameSet: 1.538,
    type: 0.523,
    message: 0.832,
    recency: 3.036,
    rareFrame: 5.075,
    topFrame: 0.595,
    crossChain: 1.937,
  },
  calibration: { intercept: -4.348, a: 3.798, b: 1.89 },
};

/**
 * The product attaches a new issue to its best match when the confidence reaches this value: the
 * match is then more likely right than wrong. Below it a wrong attach (a bug hidden inside another
 * issue) would be likelier than a right one, and a wrong attach costs more than a missed one (a
 * duplicate issue someone merges by hand).
 */
export const ATTACH_THRESHOLD = 0.5;

export const FEATURE_NAMES = [
  'frames',
  'frameSet',
  'type',
  'message',
  'recency',
  'rareFrame',
  'topFrame',
  'crossChain',
] as const satisfies ReadonlyArray<keyof PairFeatures>;

/** Similarity in [0, 1]: the model's weighted mean of the features. */
export function combinedScore(features: PairFeatures, model: ScoreModel): number {
  const total = FEATURE_NAMES.reduce((sum, name) => sum + model.weights[name], 0);
  if (total <= 0) return 0;
  return FEATURE_NAMES.reduce((sum, name) => sum + model.weights[name] * features[name], 0) / total;
}

/** Calibrated probability that a pair with this score is the same bug. */
export function confidenceOf(score: number, model: ScoreModel): number {
  const { intercept, a, b } = model.calibration;
  const [low, high] = calibrationInputs(score);
  return 1 / (1 + Math.exp(-(intercept + a * low + b * high)));
}

/** ln(score) and −ln(1 − score), clamped so that scores of exactly 0 or 1 stay finite. */
export function calibrationInputs(score: number): [number, number] {
  const s = Math.min(Math.max(score, 1e-6), 1 - 1e-6);
  return [Math.log(s), -Math.log(1 - s)];
}

export function featureVector(features: PairFeatures): number[] {
  return FEATURE_NAMES.map((name) => features[name]);
}
