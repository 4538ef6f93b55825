/**
 * The confidence bars of the similarity feature, each with the measurement it rests on. All three
 * compare the engine's calibrated confidence (the probability that a best match is the same bug,
 * `packages/grouping` score-model.ts); the figures are the engine's 2-fold cross-validation on the
 * labelled grouping set (`tsx packages/grouping/src/calibration/fit-cli.ts dev.jsonl`):
 *
 *   threshold  precision  recall  F1
 *   0.15       0.37       0.17    0.24   <- best F1
 *   0.20       0.44       0.12    0.19
 *   0.50       0.57       0.06    0.10   <- ATTACH_THRESHOLD
 */
import type { MatchLevel } from '@dexter/contracts';
import { ATTACH_THRESHOLD } from '@dexter/grouping';

/**
 * Suggestions on an issue page: the best-F1 point. A person reads each suggestion, its confidence
 * and the aligned frames before acting, so a wrong one costs a glance; a missed one costs a
 * duplicate nobody finds.
 */
export const SUGGESTION_THRESHOLD = 0.15;

/**
 * Links of the clusters view. Stricter than suggestions because clusters are single-linkage (one
 * wrong link joins two whole clusters) and offer a bulk action over every member: 0.20 buys
 * precision 0.44 instead of 0.37 for recall 0.12 instead of 0.17. Not as strict as the attach
 * threshold: 0.5 needs a similarity of about 0.997, i.e. near-identical stacks, which Sentry's own
 * fingerprint already groups. The duplicates clusters exist for, one bug reached through different
 * call paths, measure about 0.27 in `similarity-sdk.test.ts` (unrelated errors sent at the same
 * moment about 0.03), so 0.5 would show no cluster at all.
 */
export const CLUSTER_THRESHOLD = 0.2;

/** How a match is labelled: someone's verdict first, then the engine's own attach bar. */
export function matchLevel(confidence: number, confirmed: boolean): MatchLevel {
  if (confirmed) return 'confirmed';
  return confidence >= ATTACH_THRESHOLD ? 'likely' : 'possible';
}
