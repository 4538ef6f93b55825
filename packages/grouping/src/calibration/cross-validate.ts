// K-fold cross-validation of the score model over one protocol run: reports are split into folds by a
// hash of their group (a group never spans two folds), each fold is rescored by a model fitted on the
// other folds, and the metrics of the rescored run estimate what unseen data of the same kind shows.
// Why over one run: retrieval and features do not depend on the model (see fit-score-model.ts), so
// rescoring is exact. Rarity is still learned from every earlier report, as it would be in production.

import type { QueryOutcome } from '../eval/run-protocol';
import { DEFAULT_FIT_OPTIONS, type FitOptions, modelFromOutcomes, rescore } from './fit-score-model';
import type { ScoreModel } from './score-model';

/** A stable fold for a group id: the same group lands in the same fold on every run. */
export function foldOf(groupId: string, folds: number): number {
  let h = 0;
  for (const ch of groupId) h = (h * 31 + ch.charCodeAt(0)) | 0;
  return Math.abs(h) % folds;
}

export interface CrossValidation {
  /** The run, each fold scored by the model fitted without it. */
  readonly outcomes: readonly QueryOutcome[];
  readonly models: readonly ScoreModel[];
}

export function crossValidate(
  outcomes: readonly QueryOutcome[],
  groupOf: ReadonlyMap<string, string>,
  folds: number,
  start: ScoreModel,
  options: FitOptions = DEFAULT_FIT_OPTIONS,
): CrossValidation {
  const models = Array.from({ length: folds }, (_, fold) =>
    modelFromOutcomes(
      outcomes.filter((o) => foldOf(o.report.groupId, folds) !== fold),
      groupOf,
      start,
      options,
    ),
  );
  return {
    outcomes: rescore(outcomes, (o) => models[foldOf(o.report.groupId, folds)] ?? start, groupOf),
    models,
  };
}
