// Retrieval and decision metrics over a protocol run.
// Definitions (the README's protocol, made exact):
// - rank of the true group: 1 + the number of OTHER groups whose score is >= the true group's score
//   (pessimistic: every tie counts against the true group); Infinity when retrieval did not surface it.
// - RR@k: share of duplicate queries with rank <= k. MRR: mean of 1/rank over duplicate queries.
// - AUC: every query but the first; score = best candidate group's score (0 when there is none);
//   label 1 for a duplicate query, 0 for the first report of a group. Ties between a positive and a
//   negative count one half (Mann-Whitney), the usual ROC convention.
// - attach decision at `threshold`: a query is predicted "attach" when its best confidence >= threshold.
//   A correct attach is a duplicate query whose top-ranked group (pessimistic rank 1) is its true group.
//   precision = correct attaches / predicted attaches; recall = correct attaches / duplicate queries.

import type { QueryOutcome } from './run-protocol';

export interface EvalMetrics {
  readonly rr1: number;
  readonly rr5: number;
  readonly rr10: number;
  readonly mrr: number;
  readonly auc: number;
  readonly precision: number;
  readonly recall: number;
  readonly duplicateQueries: number;
  readonly aucQueries: number;
  readonly predictedAttach: number;
  readonly correctAttach: number;
  /**
   * Duplicate queries whose true group retrieval did not surface at all (it shares no frame, type or
   * message word with them): no ranking can place them, so RR@k is at most 1 − unretrieved / duplicates.
   */
  readonly unretrieved: number;
  /** AUC with those duplicates left out: how well the score separates what the engine can see. */
  readonly aucRetrieved: number;
}

export function trueGroupRank(outcome: QueryOutcome): number {
  const trueGroup = outcome.groups.find((g) => g.groupId === outcome.report.groupId);
  if (trueGroup === undefined) return Number.POSITIVE_INFINITY;
  let better = 0;
  for (const g of outcome.groups)
    if (g.groupId !== trueGroup.groupId && g.score >= trueGroup.score) better += 1;
  return better + 1;
}

/** ROC AUC by the rank-sum formula with mid-ranks for ties. */
export function rocAuc(scored: ReadonlyArray<{ readonly score: number; readonly label: boolean }>): number {
  const sorted = [...scored].sort((x, y) => x.score - y.score);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j]?.score === sorted[i]?.score) j += 1;
    const midRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) {
      if (sorted[k]?.label) {
        positives += 1;
        rankSum += midRank;
      }
    }
    i = j;
  }
  const negatives = sorted.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

const ratio = (num: number, den: number) => (den === 0 ? 0 : num / den);

export function computeMetrics(outcomes: readonly QueryOutcome[], threshold: number): EvalMetrics {
  const duplicates = outcomes.filter((o) => o.isDuplicate);
  const ranks = duplicates.map(trueGroupRank);
  const within = (k: number) => ratio(ranks.filter((r) => r <= k).length, ranks.length);
  const scored = outcomes.slice(1).map((o) => ({ score: o.groups[0]?.score ?? 0, label: o.isDuplicate }));
  const retrieved = outcomes
    .slice(1)
    .filter((o) => !o.isDuplicate || Number.isFinite(trueGroupRank(o)))
    .map((o) => ({ score: o.groups[0]?.score ?? 0, label: o.isDuplicate }));
  let predictedAttach = 0;
  let correctAttach = 0;
  outcomes.forEach((o) => {
    if ((o.groups[0]?.confidence ?? 0) < threshold) return;
    predictedAttach += 1;
    if (o.isDuplicate && trueGroupRank(o) === 1) correctAttach += 1;
  });
  return {
    rr1: within(1),
    rr5: within(5),
    rr10: within(10),
    mrr: ratio(
      ranks.reduce((sum, r) => sum + 1 / r, 0),
      ranks.length,
    ),
    auc: rocAuc(scored),
    precision: ratio(correctAttach, predictedAttach),
    recall: ratio(correctAttach, duplicates.length),
    duplicateQueries: duplicates.length,
    aucQueries: scored.length,
    predictedAttach,
    correctAttach,
    unretrieved: ranks.filter((r) => !Number.isFinite(r)).length,
    aucRetrieved: rocAuc(retrieved),
  };
}
