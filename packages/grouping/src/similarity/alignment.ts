// Weighted alignment of two stacks: the order-preserving set of frame pairs with equal keys that
// carries the most weight (a weighted longest common subsequence).
// Why an alignment and not a bag of frames: the same frames in a different order are a different call
// path, and TraceSim/FaST show order-aware measures beat TF-IDF on duplicate crash benchmarks.
// Why only matches and no substitution cost: two different frames are simply unexplained weight on both
// sides, which the normalization in `frameSimilarity` already charges for.
// Cost: O(n·m) time and memory for stacks of n and m keys, both capped at MAX_FRAMES.

export interface AlignedPair {
  /** Index into the first stack's keys. */
  readonly a: number;
  /** Index into the second stack's keys. */
  readonly b: number;
}

export interface Alignment {
  /** Sum over aligned pairs of the weight of both frames. */
  readonly gain: number;
  readonly pairs: readonly AlignedPair[];
}

export function alignStacks(
  a: readonly string[],
  wa: Float64Array,
  b: readonly string[],
  wb: Float64Array,
): Alignment {
  const n = a.length;
  const m = b.length;
  const cols = m + 1;
  // best[i*cols+j]: best gain aligning a[i..] with b[j..]; filled bottom-up so traceback runs forward.
  const best = new Float64Array((n + 1) * cols);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const skip = Math.max(best[(i + 1) * cols + j] ?? 0, best[i * cols + j + 1] ?? 0);
      const match = a[i] === b[j] ? (wa[i] ?? 0) + (wb[j] ?? 0) + (best[(i + 1) * cols + j + 1] ?? 0) : 0;
      best[i * cols + j] = Math.max(skip, match);
    }
  }
  const pairs: AlignedPair[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    const here = best[i * cols + j] ?? 0;
    if (here === 0) break;
    if (a[i] === b[j] && here === (wa[i] ?? 0) + (wb[j] ?? 0) + (best[(i + 1) * cols + j + 1] ?? 0)) {
      pairs.push({ a: i, b: j });
      i += 1;
      j += 1;
    } else if (here === (best[(i + 1) * cols + j] ?? 0)) i += 1;
    else j += 1;
  }
  return { gain: best[0] ?? 0, pairs };
}
