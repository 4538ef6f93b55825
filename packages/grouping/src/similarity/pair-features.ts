// The evidence two items share, as a few numbers in [0, 1] where 1 means "identical in this respect".
// Why these three: the stack says where the bug is, the exception type says what went wrong, and the
// message template says it in the program's own words. Each is rarity-weighted by the same corpus, so
// common frames, types and words count little.
// Invariant: every feature is in [0, 1], equals 1 when an item is compared with itself (if it has that
// part at all), and is symmetric in its two arguments.

import type { CorpusStats } from '../index/corpus-stats';
import { type AlignedPair, alignStacks } from './alignment';
import type { Signature } from './signature';
import { frameWeights, rarity } from './weights';

export interface PairFeatures {
  /** Weighted share of both stacks explained by the alignment. */
  readonly frames: number;
  /** 1 same exception type, 0 different, 0.5 when either is unknown. */
  readonly type: number;
  /** Rarity-weighted Jaccard of message template tokens; 0.5 when both messages are empty. */
  readonly message: number;
  /** How much rare, near-the-top code the alignment shares, saturating towards 1. */
  readonly evidence: number;
}

export interface PairComparison {
  readonly features: PairFeatures;
  /** Aligned frames, as indices into each signature's keys. */
  readonly pairs: readonly AlignedPair[];
}

export interface FeatureParams {
  /** Power-law decay of frame weight with distance from the top of the stack. */
  readonly positionDecay: number;
}

const EVSCALE = Number((globalThis as any).process?.env?.EVSCALE ?? 1);
function stackSimilarity(a: Signature, b: Signature, stats: CorpusStats, params: FeatureParams) {
  const wa = frameWeights(a.keys, stats, params.positionDecay);
  const wb = frameWeights(b.keys, stats, params.positionDecay);
  const total = wa.reduce((s, w) => s + w, 0) + wb.reduce((s, w) => s + w, 0);
  const alignment = alignStacks(a.keys, wa, b.keys, wb);
  const scale = Math.log1p(stats.size + 1);
  let shared = 0;
  for (const { a: i, b: j } of alignment.pairs) shared += Math.min(wa[i] ?? 0, wb[j] ?? 0) / scale;
  return { value: total > 0 ? alignment.gain / total : 0, pairs: alignment.pairs, evidence: 1 - Math.exp(-shared / EVSCALE) };
}

function typeAgreement(a: Signature, b: Signature): number {
  if (a.type === null || b.type === null) return 0.5;
  return a.type === b.type ? 1 : 0;
}

function messageSimilarity(a: Signature, b: Signature, stats: CorpusStats): number {
  if (a.messageTokens.length === 0 && b.messageTokens.length === 0) return 0.5;
  const inB = new Set(b.messageTokens);
  let shared = 0;
  let union = 0;
  for (const token of a.messageTokens) {
    const w = rarity(stats, `m:${token}`);
    union += w;
    if (inB.has(token)) shared += w;
  }
  const inA = new Set(a.messageTokens);
  for (const token of b.messageTokens) if (!inA.has(token)) union += rarity(stats, `m:${token}`);
  return union > 0 ? shared / union : 0;
}

export function comparePair(a: Signature, b: Signature, stats: CorpusStats, params: FeatureParams): PairComparison {
  const stack = stackSimilarity(a, b, stats, params);
  return {
    features: { frames: stack.value, type: typeAgreement(a, b), message: messageSimilarity(a, b, stats), evidence: stack.evidence },
    pairs: stack.pairs,
  };
}
