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
const RMODE = (globalThis as any).process?.env?.RMODE ?? 'log1p';
const RPOW = Number((globalThis as any).process?.env?.RPOW ?? 1);
export function rarity(stats: CorpusStats, term: string): number {
  const n = stats.size, df = stats.df(term);
  let r: number;
  if (RMODE === 'log1p') r = Math.log1p((n + 1) / (df + 1));
  else if (RMODE === 'idf') r = Math.log((n + 2) / (df + 1));
  else if (RMODE === 'idfn') r = Math.log((n + 2) / (df + 1)) / Math.log(n + 2);
  else r = 1;
  return r ** RPOW;
}

/** Weights of a stack's frame keys: position × rarity. */
export function frameWeights(keys: readonly string[], stats: CorpusStats, decay: number): Float64Array {
  const out = new Float64Array(keys.length);
  keys.forEach((key, index) => {
    out[index] = positionWeight(index, decay) * rarity(stats, `f:${key}`);
  });
  return out;
}
