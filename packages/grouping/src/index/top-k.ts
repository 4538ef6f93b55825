// Keeps the k best (slot, score) pairs seen so far in a binary min-heap: O(n log k) instead of sorting
// every touched item, which matters when a common frame touches most of a 100,000-item index.

export interface Scored {
  readonly slot: number;
  readonly score: number;
}

export function topK(slots: Iterable<number>, scoreOf: (slot: number) => number, k: number): Scored[] {
  const heap: Scored[] = [];
  const less = (x: Scored, y: Scored) => x.score < y.score || (x.score === y.score && x.slot < y.slot);
  const swap = (i: number, j: number) => {
    const t = heap[i]!;
    heap[i] = heap[j]!;
    heap[j] = t;
  };
  const siftDown = (start: number) => {
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let min = i;
      if (l < heap.length && less(heap[l]!, heap[min]!)) min = l;
      if (r < heap.length && less(heap[r]!, heap[min]!)) min = r;
      if (min === i) return;
      swap(i, min);
      i = min;
    }
  };
  if (k <= 0) return [];
  for (const slot of slots) {
    const entry = { slot, score: scoreOf(slot) };
    if (heap.length < k) {
      heap.push(entry);
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!less(heap[i]!, heap[parent]!)) break;
        swap(i, parent);
        i = parent;
      }
    } else if (less(heap[0]!, entry)) {
      heap[0] = entry;
      siftDown(0);
    }
  }
  return heap.sort((x, y) => (less(x, y) ? 1 : less(y, x) ? -1 : 0));
}
