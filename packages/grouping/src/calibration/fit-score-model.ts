// Fits the score model (score-model.ts) on labeled reports, the way the constants in FITTED_MODEL were
// produced. Procedure:
// 1. run the evaluation protocol (each report queried against the earlier ones) with the current model;
// 2. take the top `pairsPerQuery` matches of every query as labeled pairs (1 = same group) and fit a
//    logistic regression with non-negative weights on their features: these are the score weights;
// 3. repeat once with the new weights, because step 2's "top" depends on them;
// 4. beta calibration: fit σ(c + a·ln(score) − b·ln(1 − score)) to "the best group is the right one" over every query's best
//    match (a query with no candidate counts with score 0), so confidence means what attach needs.
// Why top-k pairs and not all pairs: the weights must separate the right match from the near misses,
// not from millions of obviously unrelated pairs.

import type { LabeledReport } from '../eval/read-reports';
import { type QueryOutcome, rankGroups, runProtocol } from '../eval/run-protocol';
import type { GroupingMatch } from '../index/grouping-index';
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
  readonly rounds: number;
  readonly ridge: number;
}

export const DEFAULT_FIT_OPTIONS: FitOptions = { pairsPerQuery: 10, rounds: 2, ridge: 1 };

export function labeledPairs(
  outcomes: readonly QueryOutcome[],
  groupOf: ReadonlyMap<string, string>,
  pairsPerQuery: number,
): LabeledSample[] {
  return outcomes.flatMap((o) =>
    o.matches.slice(0, pairsPerQuery).map((m) => ({
      x: featureVector(m.evidence.features),
      y: groupOf.get(m.id) === o.report.groupId ? (1 as const) : (0 as const),
    })),
  );
}

export function weightsFromSamples(samples: readonly LabeledSample[], ridge: number): ScoreModel['weights'] {
  const fit = fitLogistic(samples, ridge);
  return Object.fromEntries(
    FEATURE_NAMES.map((name, i) => [name, fit.weights[i] ?? 0]),
  ) as ScoreModel['weights'];
}

/** Beta calibration on each query's best match; expects outcomes already scored with the final weights. */
export function calibrationFromOutcomes(
  outcomes: readonly QueryOutcome[],
  ridge: number,
): ScoreModel['calibration'] {
  const samples = outcomes.map((o) => ({
    x: calibrationInputs(o.groups[0]?.score ?? 0),
    y: o.isDuplicate && o.groups[0]?.groupId === o.report.groupId ? (1 as const) : (0 as const),
  }));
  const fit = fitLogistic(samples, ridge);
  return { intercept: fit.intercept, a: fit.weights[0] ?? 0, b: fit.weights[1] ?? 0 };
}

/** Weights from top-k pairs, then the calibration of the rescored best matches. */
export function modelFromOutcomes(
  outcomes: readonly QueryOutcome[],
  groupOf: ReadonlyMap<string, string>,
  options: FitOptions,
): ScoreModel {
  const weights = weightsFromSamples(labeledPairs(outcomes, groupOf, options.pairsPerQuery), options.ridge);
  const uncalibrated: ScoreModel = { weights, calibration: { intercept: 0, a: 1, b: 1 } };
  const rescored = rescore(outcomes, () => uncalibrated, groupOf);
  return { weights, calibration: calibrationFromOutcomes(rescored, options.ridge) };
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

export function fitScoreModel(
  reports: readonly LabeledReport[],
  start: ScoreModel,
  options: FitOptions = DEFAULT_FIT_OPTIONS,
): { model: ScoreModel; outcomes: readonly QueryOutcome[]; groupOf: ReadonlyMap<string, string> } {
  const groupOf = new Map(reports.map((r) => [r.item.id as string, r.groupId]));
  let model = start;
  let outcomes: readonly QueryOutcome[] = [];
  for (let round = 0; round < options.rounds; round++) {
    outcomes = runProtocol(reports, { model }).outcomes;
    model = modelFromOutcomes(outcomes, groupOf, options);
  }
  return { model, outcomes: rescore(outcomes, () => model, groupOf), groupOf };
}
