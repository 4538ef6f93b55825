/**
 * The short memory that lets a reconnecting browser resume: the last `capacity` events this
 * instance delivered, each with its `seq`, none older than `maxAgeMs`. A client that asks for
 * events after a `seq` the ring no longer covers gets a `resync` instead of a silent gap.
 *
 * Invariants: entries are in `seq` order; `since(seq)` returns null unless every entry after
 * `seq` is still held (so "null" always means "you may have missed something").
 */

export interface RingEntry<T> {
  seq: number;
  at: number;
  item: T;
}

export function createRing<T>({ capacity, maxAgeMs }: { capacity: number; maxAgeMs: number }) {
  const entries: Array<RingEntry<T> | undefined> = new Array(capacity);
  let start = 0;
  let size = 0;
  /** The highest seq ever evicted (or expired): anything up to it may be lost. */
  let forgotten = 0;

  const at = (index: number) => entries[(start + index) % capacity]!;
  const dropOldest = () => {
    forgotten = at(0).seq;
    entries[start] = undefined;
    start = (start + 1) % capacity;
    size -= 1;
  };

  return {
    push(seq: number, item: T, now: number): void {
      if (size === capacity) dropOldest();
      entries[(start + size) % capacity] = { seq, at: now, item };
      size += 1;
    },
    /** Entries with a seq above `seq`, oldest first; null when some of them were forgotten. */
    since(seq: number, now: number): RingEntry<T>[] | null {
      while (size > 0 && now - at(0).at > maxAgeMs) dropOldest();
      if (seq < forgotten) return null;
      const result: RingEntry<T>[] = [];
      for (let i = 0; i < size; i++) {
        const entry = at(i);
        if (entry.seq > seq) result.push(entry);
      }
      return result;
    },
    get size() {
      return size;
    },
  };
}
