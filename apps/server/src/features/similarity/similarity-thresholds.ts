/**
 * The confidence bars of the similarity feature, each with the measurement it rests on. All compare
 * the engine's pair confidence (the calibrated probability that two issues are the same bug,
 * `packages/grouping` score-model.ts: one number per pair, the same on the issue page, in a cluster's
 * links and in a merge proposal); the figures are the attach decision on the labelled grouping set,
 * 5-fold cross-validated (`npm run eval:grouping -- ../shared/data/grouping/dev.jsonl`):
 *
 *   threshold  precision  recall  F1
 *   0.10       0.41       0.21    0.28   <- best F1
 *   0.15       0.44       0.15    0.23
 *   0.20       0.48       0.15    0.22
 *   0.50       0.65       0.09    0.16   <- ATTACH_THRESHOLD
 *
 * Invariant: CLUSTER_THRESHOLD >= SUGGESTION_THRESHOLD, so every link of a cluster is also suggested
 * on both of its issues' pages, with the same confidence.
 */
import type { MatchLevel } from '@dexter/contracts';
import { ATTACH_THRESHOLD } from '@dexter/grouping';

/**
 * Suggestions on an issue page: the best-F1 point. A person reads each suggestion, its confidence
 * and the aligned frames before acting, so a wrong one costs a glance; a missed one costs a
 * duplicate nobody finds.
 */
export const SUGGESTION_THRESHOLD = 0.1;

/**
 * Links of the clusters view. Stricter than suggestions because clusters are single-linkage (one
 * wrong link joins two whole clusters) and offer a bulk action over every member: 0.20 buys
 * precision 0.48 instead of 0.41 for recall 0.15 instead of 0.21. Not as strict as the attach
 * threshold: 0.5 needs a similarity of about 0.92, i.e. near-identical stacks seen close together,
 * which Sentry's own fingerprint already groups. The duplicates clusters exist for, one bug reached
 * through different call paths, measure about a quarter in `similarity-service.test.ts` (unrelated
 * errors about 0.01), so 0.5 would show no cluster at all.
 */
export const CLUSTER_THRESHOLD = 0.2;

/** How a match is labelled: someone's verdict first, then the engine's own attach bar. */
export function matchLevel(confidence: number, confirmed: boolean): MatchLevel {
  if (confirmed) return 'confirmed';
  return confidence >= ATTACH_THRESHOLD ? 'likely' : 'possible';
}
