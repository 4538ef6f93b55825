/**
 * Puts a metric's irregular samples on the error series' grid: the mean of the samples whose
 * time falls in each bucket [start + i·step, start + (i+1)·step). Buckets without a sample are
 * filled by linear interpolation between the nearest filled ones (the ends repeat the nearest
 * value), and the share that had to be filled is returned so a caller can refuse a series that is
 * mostly invented. Pure.
 */

export interface Sample {
  /** Epoch ms. */
  at: number;
  value: number;
}

export interface Resampled {
  values: number[];
  /** Buckets that held at least one sample. */
  observed: number;
}

export function resampleMean(
  samples: readonly Sample[],
  start: number,
  stepMs: number,
  count: number,
): Resampled {
  const sums = new Array<number>(count).fill(0);
  const counts = new Array<number>(count).fill(0);
  for (const sample of samples) {
    if (!Number.isFinite(sample.value)) continue;
    const index = Math.floor((sample.at - start) / stepMs);
    if (index < 0 || index >= count) continue;
    sums[index]! += sample.value;
    counts[index]!++;
  }
  const raw = sums.map((sum, i) => (counts[i]! > 0 ? sum / counts[i]! : null));
  const observed = counts.filter((c) => c > 0).length;
  return { values: fillGaps(raw), observed };
}

/** Linear interpolation inside, the nearest value at the ends; all zeros when nothing is known. */
export function fillGaps(values: readonly (number | null)[]): number[] {
  const known = values.flatMap((value, index) => (value === null ? [] : [index]));
  if (known.length === 0) return values.map(() => 0);
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value !== null && value !== undefined) {
      out[i] = value;
      continue;
    }
    // The known neighbours of i (binary search would do; series are a few thousand points).
    let before = -1;
    let after = -1;
    for (const k of known) {
      if (k < i) before = k;
      else {
        after = k;
        break;
      }
    }
    if (before === -1) out[i] = values[after]!;
    else if (after === -1) out[i] = values[before]!;
    else {
      const share = (i - before) / (after - before);
      out[i] = values[before]! + share * (values[after]! - values[before]!);
    }
  }
  return out;
}
