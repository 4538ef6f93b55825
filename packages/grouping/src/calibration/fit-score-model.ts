// Fits the score model (score-model.ts) on labeled reports, the way the constants in FITTED_MODEL were
// produced. Procedure:
// 1. run the evaluation protocol once (each report queried against the earlier ones). Retrieval does
//    not depend on the model and every retrieved candidate keeps its features, so any model can then
//    rescore the same outcomes exactly, without running the protocol again;
// 2. the learned combiner: a logistic regression with non-negative weights of "same group" on the
//    features of each query's best `pairsPerQuery` candidates (by the current model) plus every
//    candidate of the right group; repeated `rounds` times, because "best" depends on the weights;
// 3. beta calibration: a logistic regression of "same group" on ln(score) and −ln(1 − score), over each
//    query's best `calibrationPairs` candidates, the pairs the product shows (suggestions, links).
// Why the best candidates and not all pairs: the weights must separate the right match from the near
// misses, not from millions of obviously unrelated pairs.

import type { LabeledReport } from '../eval/read-reports';
import { type QueryOutcome, rankGroups, runProtocol } from '../eval/run-protocol';
import type { GroupingIndexParams, GroupingMatch } from '../index/grouping-index';
import { fitLogistic, type LabeledSample } from './fit-logistic';
import {
  calibrationInputs,
  combinedScore,
  confidenceOf,
  FEATURE_NAMES,
  featureVector,
  type ScoreModel,
} from './score-model';

export interface FitOptions {
  readonly pairsPerQuery: number;
  readonly calibrationPairs: number;
  readonly rounds: number;
  readonly ridge: number;
}

/**
 * Where every fit starts: all features weighed alike. Why not the committed model: a fit that starts
 * from its own previous output can only be reproduced by whoever holds that output, and a
 * cross-validation fold would start from a ranking that has already seen the fold.
 */
export const NEUTRAL_MODEL: ScoreModel = {
  weights: {
    frames: 1,
    frameSet: 1,
    type: 1,
    message: 1,
    recency: 1,
    rareFrame: 1,
    topFrame: 1,
    crossChain: 1,
  },
  calibration: { intercept: 0, a: 1, b: 1 },
};

export const DEFAULT_FIT_OPTIONS: FitOptions = {
  pairsPerQuery: 50,
  calibrationPairs: 10,
  rounds: 2,
  ridge: 1,
};

const isSameGroup = (o: QueryOutcome, m: GroupingMatch, groupOf: ReadonlyMap<string, string>) =>
  groupOf.get(m.id) === o.report.groupId;

export function labeledPairs(
  outcomes: readonly QueryOutcome[],
  groupOf: ReadonlyMap<string, string>,
  pairsPerQuery: number,
): LabeledSample[] {
  return outcomes.flatMap((o) =>
    o.matches
      .filter((m, rank) => rank < pairsPerQuery || isSameGroup(o, m, groupOf))
      .map((m) => ({
        x: featureVector(m.evidence.features),
        y: isSameGroup(o, m, groupOf) ? (1 as const) : (0 as const),
      })),
  );
}

export function weightsFromSamples(samples: readonly LabeledSample[], ridge: number): ScoreModel['weights'] {
  const fit = fitLogistic(samples, ridge);
  return Object.fromEntries(
    FEATURE_NAMES.map((name, i) => [name, fit.weights[i] ?? 0]),
  ) as ScoreModel['weights'];
}

/** Beta calibration over each query's best pairs; expects outcomes already scored with the final weights. */
export function calibrationFromOutcomes(
  outcomes: readonly QueryOutcome[],
  groupOf: ReadonlyMap<string, string>,
  pairsPerQuery: number,
  ridge: number,
): ScoreModel['calibration'] {
  const samples = outcomes.flatMap((o) =>
    o.matches.slice(0, pairsPerQuery).map((m) => ({
      x: calibrationInputs(m.score),
      y: isSameGroup(o, m, groupOf) ? (1 as const) : (0 as const),
    })),
  );
  const fit = fitLogistic(samples, ridge);
  return { intercept: fit.intercept, a: fit.weights[0] ?? 0, b: fit.weights[1] ?? 0 };
}

/** The learned combiner's weights, then the calibration of its score; starts from `start`'s ranking. */
export function modelFromOutcomes(
  outcomes: readonly QueryOutcome[],
  groupOf: ReadonlyMap<string, string>,
  start: ScoreModel,
  options: FitOptions,
): ScoreModel {
  let model = start;
  let ranked = outcomes;
  for (let round = 0; round < options.rounds; round++) {
    const samples = labeledPairs(ranked, groupOf, options.pairsPerQuery);
    model = { weights: weightsFromSamples(samples, options.ridge), calibration: model.calibration };
    ranked = rescore(outcomes, () => model, groupOf);
  }
  return {
    weights: model.weights,
    calibration: calibrationFromOutcomes(ranked, groupOf, options.calibrationPairs, options.ridge),
  };
}

/** The same outcomes scored by another model: matches re-sorted, groups re-ranked. */
export function rescore(
  outcomes: readonly QueryOutcome[],
  modelOf: (o: QueryOutcome) => ScoreModel,
  groupOf: ReadonlyMap<string, string>,
): QueryOutcome[] {
  return outcomes.map((o) => {
    const model = modelOf(o);
    const matches: GroupingMatch[] = o.matches
      .map((m) => {
        const score = combinedScore(m.evidence.features, model);
        return { ...m, score, confidence: confidenceOf(score, model) };
      })
      .sort((x, y) => y.score - x.score);
    return { ...o, matches, groups: rankGroups(matches, groupOf) };
  });
}

/** Runs the protocol once and fits a model on every report. */
export function fitScoreModel(
  reports: readonly LabeledReport[],
  start: ScoreModel = NEUTRAL_MODEL,
  options: FitOptions = DEFAULT_FIT_OPTIONS,
  index: Partial<GroupingIndexParams> = {},
): { model: ScoreModel; outcomes: readonly QueryOutcome[]; groupOf: ReadonlyMap<string, string> } {
  const groupOf = groupsOf(reports);
  const outcomes = runProtocol(reports, { ...index, model: start }).outcomes;
  const model = modelFromOutcomes(outcomes, groupOf, start, options);
  return { model, outcomes: rescore(outcomes, () => model, groupOf), groupOf };
}

export const groupsOf = (reports: readonly LabeledReport[]): ReadonlyMap<string, string> =>
  new Map(reports.map((r) => [r.item.id as string, r.groupId]));
