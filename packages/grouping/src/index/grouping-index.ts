// The similar-issue index: holds known items, answers "which known items is this one most likely a
// duplicate of?" in milliseconds, and is updated one item at a time as issues arrive.
// Query = cheap retrieval over an inverted index of rare terms, then the exact alignment-based
// comparison on only the best `candidateLimit` candidates.
// Invariants: rarity statistics cover exactly the items currently held (learned incrementally, never
// from items not yet added); adding an id that is already present replaces that item; a query never
// returns the queried item's own id.

import type { ItemId } from '../ids';
import type { GroupingItem } from '../item';
import { type Signature, signatureTerms, toSignature } from '../similarity/signature';
import {
  compareSignatures,
  DEFAULT_SIMILARITY_PARAMS,
  type SimilarityParams,
  type SimilarityResult,
} from '../similarity/similarity';
import { positionWeight } from '../similarity/weights';
import { createCorpusStats } from './corpus-stats';
import { createInvertedIndex, type WeightedTerm } from './inverted-index';

/**
 * What a persisted index holds: the items as given, not derived statistics. Rarity and postings are
 * rebuilt on load, so a snapshot stays valid when normalization rules improve.
 */
export interface GroupingIndexSnapshot {
  readonly version: typeof SNAPSHOT_VERSION;
  readonly items: readonly GroupingItem[];
}

export const SNAPSHOT_VERSION = 1;

export interface GroupingIndexParams extends SimilarityParams {
  /** How many retrieval candidates get the exact comparison. */
  readonly candidateLimit: number;
}

export const DEFAULT_INDEX_PARAMS: GroupingIndexParams = {
  ...DEFAULT_SIMILARITY_PARAMS,
  candidateLimit: 200,
};

export interface GroupingMatch extends SimilarityResult {
  readonly id: ItemId;
}

export interface QueryOptions {
  /** Matches returned, best first. Default 10. */
  readonly limit?: number;
}

interface Entry {
  readonly item: GroupingItem;
  readonly signature: Signature;
  readonly terms: readonly string[];
}

/** Retrieval weights: frames by position, the type and message words as a weaker tie-in. */
function queryTerms(signature: Signature, decay: number): WeightedTerm[] {
  const weights = new Map<string, number>();
  const offer = (term: string, weight: number) => {
    weights.set(term, Math.max(weight, weights.get(term) ?? 0));
  };
  for (const part of [signature.outer, signature.root]) {
    part.frameTerms.forEach((term, index) => {
      offer(term, positionWeight(index, decay));
    });
    if (part.typeTerm !== null) offer(part.typeTerm, 0.5);
    for (const term of part.messageTerms) offer(term, 0.25);
  }
  return [...weights].map(([term, weight]) => ({ term, weight }));
}

export function createGroupingIndex(overrides: Partial<GroupingIndexParams> = {}) {
  const params: GroupingIndexParams = { ...DEFAULT_INDEX_PARAMS, ...overrides };
  const stats = createCorpusStats();
  const inverted = createInvertedIndex();
  const slotOf = new Map<ItemId, number>();
  const entries: Array<Entry | undefined> = [];
  const freeSlots: number[] = [];

  function remove(id: ItemId): boolean {
    const slot = slotOf.get(id);
    const entry = slot === undefined ? undefined : entries[slot];
    if (slot === undefined || entry === undefined) return false;
    stats.remove(entry.terms);
    inverted.remove(slot, entry.terms);
    entries[slot] = undefined;
    slotOf.delete(id);
    freeSlots.push(slot);
    return true;
  }

  function add(item: GroupingItem): void {
    remove(item.id);
    const signature = toSignature(item);
    const terms = signatureTerms(signature);
    const slot = freeSlots.pop() ?? entries.length;
    entries[slot] = { item, signature, terms };
    slotOf.set(item.id, slot);
    stats.add(terms);
    inverted.add(slot, terms);
  }

  function query(item: GroupingItem, options: QueryOptions = {}): GroupingMatch[] {
    const signature = toSignature(item);
    const candidates = inverted.candidates(
      queryTerms(signature, params.positionDecay),
      stats,
      params.candidateLimit + 1,
    );
    const matches: GroupingMatch[] = [];
    for (const { slot } of candidates) {
      const entry = entries[slot];
      if (entry === undefined || entry.item.id === item.id) continue;
      matches.push({ id: entry.item.id, ...compareSignatures(signature, entry.signature, stats, params) });
    }
    matches.sort((x, y) => y.score - x.score);
    return matches.slice(0, options.limit ?? 10);
  }

  /** Compares two items with this index's rarity statistics. */
  function compare(a: GroupingItem, b: GroupingItem): SimilarityResult {
    return compareSignatures(toSignature(a), toSignature(b), stats, params);
  }

  return {
    add,
    remove,
    query,
    compare,
    has: (id: ItemId) => slotOf.has(id),
    get size() {
      return slotOf.size;
    },
    /** Plain data to persist; `groupingIndexFromJSON` rebuilds the same index from it. */
    toJSON: (): GroupingIndexSnapshot => ({
      version: SNAPSHOT_VERSION,
      items: entries.flatMap((entry) => (entry === undefined ? [] : [entry.item])),
    }),
    params,
  };
}

export type GroupingIndex = ReturnType<typeof createGroupingIndex>;
