// Turns pair features into one similarity score, and the score into a calibrated confidence.
//
// score      = Σ wᵢ·xᵢ / Σ wᵢ  over the features of pair-features.ts (all in [0, 1], weights ≥ 0),
//              so an item compared with itself scores 1 and ranking is by a weighted mean;
// confidence = σ(c + a·ln(score) − b·ln(1 − score)), the probability that the match is right when it
//              is the best match of a query, so the attach decision can read it directly. This is beta
//              calibration (Kull et al., 2017): Platt scaling on ln(score) and ln(1 − score), which
//              fits scores bounded in [0, 1] better than a straight line in the score; a, b ≥ 0 keep
//              it increasing.
// The weights are the coefficients of a logistic regression of "same group" on the features of each
// query's top candidates; a and b are a second, one-feature logistic fit of "the best match is the
// right group" on the best match's score. Few numbers, all fitted, none hand-tuned to single reports.
// The constants below were printed by `fit-cli.ts` on the grouping benchmark's dev half (see that file
// for the procedure and the cross-validated check); refit them whenever a feature changes.

import type { PairFeatures } from '../similarity/pair-features';

export interface ScoreModel {
  readonly weights: { readonly [K in keyof PairFeatures]: number };
  /** Beta calibration: confidence = σ(intercept + a·ln(score) − b·ln(1 − score)). */
  readonly calibration: { readonly intercept: number; readonly a: number; readonly b: number };
}

export const FITTED_MODEL: ScoreModel = {
  weights: { frames: 2.616, frameSet: 2.491, type: 0.33, message: 1.218, recency: 2.662 },
  calibration: { intercept: -0.939, a: 3.993, b: 0.165 },
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
] as const satisfies ReadonlyArray<keyof PairFeatures>;

/** Similarity in [0, 1]: the model's weighted mean of the features. */
export function combinedScore(features: PairFeatures, model: ScoreModel): number {
  const total = FEATURE_NAMES.reduce((sum, name) => sum + model.weights[name], 0);
  if (total <= 0) return 0;
  return FEATURE_NAMES.reduce((sum, name) => sum + model.weights[name] * features[name], 0) / total;
}

/** Calibrated probability that a best match with this score is the same bug. */
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
