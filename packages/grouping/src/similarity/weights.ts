// How much one frame counts. Two independent factors, as in TraceSim (Vasiliev et al., 2020) and FaST
// (Rodrigues et al., 2022):
// - position: the frames next to the crash identify a bug better than the framework frames far below
//   it, so weight decays with the distance from the top of the stack;
// - rarity: inverse document frequency over the known items, so ubiquitous frames (`Thread.run`,
//   reflection, test runners) cannot make unrelated stacks look alike.
// Invariant: every weight is finite and > 0, so an item with frames always has a positive total weight.

import type { CorpusStats } from '../index/corpus-stats';

/** Weight of the frame `index` calls away from the crash: 1 for the top frame, decaying as a power law. */
export function positionWeight(index: number, decay: number): number {
  return (1 + index) ** -decay;
}

/**
 * Smoothed inverse document frequency, floored so that a term present in every item still counts a
 * little. With an empty corpus every term weighs the same, which makes `similarity(a, b)` meaningful
 * without an index.
 */
export function rarity(stats: CorpusStats, term: string): number {
  return Math.log1p((stats.size + 1) / (stats.df(term) + 1));
}

/**
 * Items assumed, beyond those indexed, to lack every term when `specificity` judges how rare a term
 * is. Why: a young index of five issues calls a frame three of them share "common", though in any
 * real code base the frames of one bug's call path are rare; the prior keeps a small organization's
 * duplicates from looking unrelated, and fades as the index grows past a few thousand issues.
 */
export const RARITY_PRIOR_ITEMS = 1000;

/**
 * How specific a term held by `df` items is, in [0, 1]: its rarity over the rarity of a term no item
 * holds, with RARITY_PRIOR_ITEMS added to the corpus. 1 for a term no other item holds.
 */
export function specificity(stats: CorpusStats, df: number): number {
  const size = stats.size + RARITY_PRIOR_ITEMS + 1;
  return Math.log1p(size / (df + 1)) / Math.log1p(size);
}

/** Rarity of each term, in order. */
export function termRarities(terms: readonly string[], stats: CorpusStats): Float64Array {
  const out = new Float64Array(terms.length);
  terms.forEach((term, index) => {
    out[index] = rarity(stats, term);
  });
  return out;
}

/** Frame weights of a stack: position × rarity, from the rarities of its frame terms. */
export function positionWeighted(rarities: Float64Array, decay: number): Float64Array {
  return rarities.map((r, index) => r * positionWeight(index, decay));
}
