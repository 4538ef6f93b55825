// Candidate retrieval: an inverted index from terms (frame keys, exception type, message tokens) to the
// items that contain them. A query accumulates, for each item sharing a term, the term's rarity times
// the weight of the query position it came from, and keeps the best few hundred for exact rescoring.
// Why: the alignment is O(n·m) per pair; running it against 100,000 issues per query would take
// seconds, while the few items sharing rare frames with the query are where its duplicates are.
// Invariant: a term's posting set holds exactly the live slots whose term set contains it.

import { rarity } from '../similarity/weights';
import type { CorpusStats } from './corpus-stats';
import { type Scored, topK } from './top-k';

/** A query term and how much the query cares about it (position weight for frames). */
export interface WeightedTerm {
  readonly term: string;
  readonly weight: number;
}

export interface InvertedIndex {
  add(slot: number, terms: readonly string[]): void;
  remove(slot: number, terms: readonly string[]): void;
  candidates(query: readonly WeightedTerm[], stats: CorpusStats, limit: number): Scored[];
}

/**
 * Terms in more than this share of a large index are skipped during retrieval: their rarity is near
 * the floor, so they cannot change which items rank high, but their posting lists dominate the cost.
 */
const COMMON_TERM_SHARE = 0.1;
const COMMON_TERM_MIN_INDEX_SIZE = 1000;

export function createInvertedIndex(): InvertedIndex {
  const postings = new Map<string, Set<number>>();
  let scores = new Float64Array(1024);

  return {
    add(slot, terms) {
      for (const term of terms) {
        let set = postings.get(term);
        if (set === undefined) {
          set = new Set();
          postings.set(term, set);
        }
        set.add(slot);
      }
      if (slot >= scores.length) {
        const grown = new Float64Array(Math.max(slot + 1, scores.length * 2));
        grown.set(scores);
        scores = grown;
      }
    },
    remove(slot, terms) {
      for (const term of terms) {
        const set = postings.get(term);
        set?.delete(slot);
        if (set?.size === 0) postings.delete(term);
      }
    },
    candidates(query, stats, limit) {
      const accumulate = (cutoff: number) => {
        const touched = new Set<number>();
        for (const { term, weight } of query) {
          const set = postings.get(term);
          if (set === undefined || set.size > cutoff) continue;
          const gain = weight * rarity(stats, term);
          for (const slot of set) {
            if (!touched.has(slot)) {
              touched.add(slot);
              scores[slot] = 0;
            }
            scores[slot] = (scores[slot] ?? 0) + gain;
          }
        }
        return touched;
      };
      const large = stats.size >= COMMON_TERM_MIN_INDEX_SIZE;
      let touched = accumulate(large ? stats.size * COMMON_TERM_SHARE : Infinity);
      // A query made only of common terms still deserves candidates.
      if (touched.size === 0 && large) touched = accumulate(Infinity);
      return topK(touched, (slot) => scores[slot] ?? 0, limit);
    },
  };
}
