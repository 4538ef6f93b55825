// Turns pair features into one similarity score and a calibrated probability of "same bug".
//
// The model is a logistic regression over the features of pair-features.ts with non-negative weights:
//   z = intercept + Σ wᵢ·xᵢ,   confidence = 1 / (1 + e^(−z)).
// `score` is the same linear form rescaled to [0, 1] (Σ wᵢ·xᵢ / Σ wᵢ), so ranking by score and by
// confidence is identical, an item compared with itself scores 1, and the confidence is a monotone
// function of the score (Platt scaling in one dimension).
// Why logistic: four fitted numbers cannot memorize a benchmark the way a lookup table can, and a
// logistic fit is calibrated on the distribution it was fitted on. The constants below come from
// `fit-cli.ts` (see its header for the data and procedure); refit them when features change.

import type { PairFeatures } from '../similarity/pair-features';

export interface ScoreModel {
  readonly intercept: number;
  readonly weights: { readonly [K in keyof PairFeatures]: number };
}

export const FITTED_MODEL: ScoreModel = {
  intercept: -6,
  weights: { frames: 7, type: 1, message: 2, evidence: 0 },
};

const FEATURE_NAMES = ['frames', 'type', 'message', 'evidence'] as const satisfies ReadonlyArray<keyof PairFeatures>;

function weightSum(model: ScoreModel): number {
  return FEATURE_NAMES.reduce((sum, name) => sum + model.weights[name], 0);
}

/** Similarity in [0, 1]: the model's weighted mean of the features. */
export function combinedScore(features: PairFeatures, model: ScoreModel): number {
  const total = weightSum(model);
  if (total <= 0) return 0;
  return FEATURE_NAMES.reduce((sum, name) => sum + model.weights[name] * features[name], 0) / total;
}

/** Calibrated probability that two items with this score are the same bug. */
export function confidenceOf(score: number, model: ScoreModel): number {
  return 1 / (1 + Math.exp(-(model.intercept + weightSum(model) * score)));
}

export function featureVector(features: PairFeatures): number[] {
  return FEATURE_NAMES.map((name) => features[name]);
}

export { FEATURE_NAMES };

/**
 * The product attaches a new issue to its best match when the confidence reaches this value: the
 * match is then more likely right than wrong, which is the break-even point when a wrong attach (a
 * hidden bug) and a missed attach (a duplicate issue to merge by hand) cost about the same.
 */
export const ATTACH_THRESHOLD = 0.5;
