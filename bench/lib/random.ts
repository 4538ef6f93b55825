/** A seeded PRNG and the draws benches need, so a workload is the same on every run. */

export type Rng = () => number;

/** mulberry32: small, fast, and good enough to vary test data. */
export function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const intBetween = (rng: Rng, min: number, max: number): number =>
  min + Math.floor(rng() * (max - min + 1));

export function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new RangeError('pick from an empty list');
  return item;
}

export function hexString(rng: Rng, length: number): string {
  let out = '';
  while (out.length < length) {
    const word = Math.floor(rng() * 0x100000000);
    out += word.toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
}

/**
 * Draws indexes 0..n-1 with weight 1/(i+1)^exponent: a few items are frequent and a long tail
 * is rare, the shape of error counts in production.
 */
export function zipfSampler(n: number, exponent: number, rng: Rng): () => number {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += 1 / (i + 1) ** exponent;
    cumulative[i] = total;
  }
  return () => {
    const target = rng() * total;
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((cumulative[mid] ?? total) < target) low = mid + 1;
      else high = mid;
    }
    return low;
  };
}
