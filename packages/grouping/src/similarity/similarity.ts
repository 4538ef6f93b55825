// One comparison of two items: features, combined score, calibrated confidence and the evidence a
// human can check (which frames aligned). Used by the index for rescoring and exported for callers
// that compare two issues directly.

import { combinedScore, confidenceOf, FITTED_MODEL, type ScoreModel } from '../calibration/score-model';
import { type CorpusStats, UNIFORM_CORPUS } from '../index/corpus-stats';
import type { GroupingItem } from '../item';
import type { AlignedPair } from './alignment';
import { comparePair, type PairFeatures } from './pair-features';
import { type PartSignature, type Signature, toSignature } from './signature';

export interface SimilarityParams {
  /** Power-law decay of frame weight with distance from the top of the stack (TraceSim's α). */
  readonly positionDecay: number;
  readonly model: ScoreModel;
}

export const DEFAULT_SIMILARITY_PARAMS: SimilarityParams = { positionDecay: 1, model: FITTED_MODEL };

export interface AlignedFrame {
  /** Index into the first (query) item's `frames`. */
  readonly query: number;
  /** Index into the second (candidate) item's `frames`. */
  readonly candidate: number;
  /** The shared frame identity, e.g. `DFSClient$DFSOutputStream.close`. */
  readonly key: string;
}

export interface MatchEvidence {
  /** Aligned frames of the two outer stacks, indices into each item's `frames`. */
  readonly alignedFrames: readonly AlignedFrame[];
  /** Aligned frames of the two root causes, indices into each item's `cause.frames` (or `frames`). */
  readonly alignedCauseFrames: readonly AlignedFrame[];
  readonly features: PairFeatures;
}

export interface SimilarityResult {
  /** Similarity in [0, 1]; 1 for an item compared with itself. */
  readonly score: number;
  /** Calibrated probability that both items are the same bug. */
  readonly confidence: number;
  readonly evidence: MatchEvidence;
}

function toFrameIndices(pairs: readonly AlignedPair[], a: PartSignature, b: PartSignature): AlignedFrame[] {
  return pairs.map(({ a: i, b: j }) => ({
    query: a.frameIndex[i] ?? i,
    candidate: b.frameIndex[j] ?? j,
    key: a.keys[i] ?? '',
  }));
}

export function compareSignatures(
  a: Signature,
  b: Signature,
  stats: CorpusStats,
  params: SimilarityParams,
): SimilarityResult {
  const { features, outerPairs, rootPairs } = comparePair(a, b, stats, params);
  const score = combinedScore(features, params.model);
  return {
    score,
    confidence: confidenceOf(score, params.model),
    evidence: {
      alignedFrames: toFrameIndices(outerPairs, a.outer, b.outer),
      alignedCauseFrames: toFrameIndices(rootPairs, a.root, b.root),
      features,
    },
  };
}

/**
 * Compares two items without a corpus: every frame is equally rare, so only position and order count.
 * Prefer `GroupingIndex.compare` when an index exists; it weighs frames by their rarity.
 */
export function similarity(
  a: GroupingItem,
  b: GroupingItem,
  params: SimilarityParams = DEFAULT_SIMILARITY_PARAMS,
): SimilarityResult {
  return compareSignatures(toSignature(a), toSignature(b), UNIFORM_CORPUS, params);
}
