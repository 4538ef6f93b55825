// Document frequencies of terms over the items an index currently holds.
// Why: rarity is learned from the known issues, incrementally, as they arrive; a frame seen in every
// issue (`Thread.run`) says little, a frame seen in two says a lot. Nothing here knows about items that
// have not been added yet, which is what makes the evaluation free of look-ahead.
// Invariant: `df(term)` equals the number of added-and-not-removed items whose term set contains it.

export interface CorpusStats {
  readonly size: number;
  df(term: string): number;
}

export interface MutableCorpusStats extends CorpusStats {
  add(terms: readonly string[]): void;
  remove(terms: readonly string[]): void;
}

export function createCorpusStats(): MutableCorpusStats {
  const counts = new Map<string, number>();
  let size = 0;
  return {
    get size() {
      return size;
    },
    df: (term) => counts.get(term) ?? 0,
    add(terms) {
      size += 1;
      for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    },
    remove(terms) {
      size -= 1;
      for (const term of terms) {
        const next = (counts.get(term) ?? 0) - 1;
        if (next > 0) counts.set(term, next);
        else counts.delete(term);
      }
    },
  };
}

/** Stats for comparing two items with no corpus: every term is equally rare. */
export const UNIFORM_CORPUS: CorpusStats = { size: 0, df: () => 0 };
