/**
 * Seeded synthetic series for the statistics tests and the demo: a small PRNG (mulberry32),
 * standard normal draws (Box–Muller) and AR(1) processes. Pure and deterministic per seed.
 */

export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function normalDraws(random: () => number): () => number {
  return () => {
    const u = Math.max(random(), 1e-12);
    const v = random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

/** x[t] = phi · x[t−1] + ε[t], ε ~ N(0, 1), started from the stationary distribution. */
export function ar1(length: number, phi: number, normal: () => number): number[] {
  const out: number[] = [];
  let x = normal() / Math.sqrt(1 - phi * phi);
  for (let t = 0; t < length; t++) {
    out.push(x);
    x = phi * x + normal();
  }
  return out;
}
