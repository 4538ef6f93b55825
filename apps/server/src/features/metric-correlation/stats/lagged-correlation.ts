/**
 * Lagged cross-correlation of an error rate x and a business metric y on one grid, with a
 * significance figure that survives autocorrelation. Pure.
 *
 * - r(k) is Pearson's correlation of x[t] and y[t + k] over the n − |k| overlapping buckets: a
 *   positive lag k means the metric moves k buckets after the errors, a negative one before.
 * - The best lag maximizes |r(k)| over −maxLag … maxLag.
 * - Significance: error rates and metrics are autocorrelated (a slow traffic swell lifts both for
 *   hours), so the n pairs are far from independent and the textbook t-test on n − 2 degrees of
 *   freedom calls chance significant. The test uses Pyper and Peterman's effective sample size N*
 *   instead (autocorrelation.ts), then corrects for having searched 2·maxLag + 1 lags (Šidák:
 *   1 − (1 − p)^m, conservative since neighbouring lags are correlated).
 *
 * Correlation is not cause: a shared driver (traffic, time of day) correlates both without one
 * moving the other. The figure says how surprising the alignment would be by chance, nothing more.
 */
import { autocorrelations, effectiveSampleSize } from './autocorrelation';
import { studentTTwoSided } from './student-t';

export interface LaggedCorrelationOptions {
  /** Largest shift tried either way, in buckets. */
  maxLag: number;
  /** The level below which the adjusted p-value counts as significant; default 0.05. */
  alpha?: number;
}

export interface LagPoint {
  lag: number;
  /** null when either side is constant over the overlap. */
  r: number | null;
}

export interface LaggedCorrelation {
  /** The lag (buckets) with the largest |r|; positive: the metric follows the errors. */
  lag: number;
  r: number;
  /** Pairs at that lag. */
  n: number;
  /** Pyper–Peterman effective number of independent pairs at that lag. */
  effectiveN: number;
  /** Two-sided p of r at that lag on N* − 2 degrees of freedom, before the lag search. */
  pValueAtLag: number;
  /** The same, corrected for the 2·maxLag + 1 lags searched (Šidák): the figure to report. */
  pValue: number;
  /** The naive p (n − 2 degrees of freedom, no lag correction), for contrast only. */
  naivePValue: number;
  significant: boolean;
  lagsTried: number;
  /** r at every lag tried, for a correlogram. */
  byLag: LagPoint[];
}

export class NotEnoughData extends Error {
  override readonly name = 'NotEnoughData';
}

/** Fewest overlapping pairs a lag needs to be considered at all. */
export const MIN_PAIRS = 12;

function pearsonAt(x: readonly number[], y: readonly number[], lag: number): { r: number | null; n: number } {
  const from = Math.max(0, -lag);
  const to = Math.min(x.length, y.length - lag);
  const n = to - from;
  if (n < 3) return { r: null, n: Math.max(n, 0) };
  let sx = 0;
  let sy = 0;
  for (let t = from; t < to; t++) {
    sx += x[t]!;
    sy += y[t + lag]!;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let t = from; t < to; t++) {
    const dx = x[t]! - mx;
    const dy = y[t + lag]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return { r: null, n };
  return { r: Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy))), n };
}

const tOf = (r: number, df: number) => (Math.abs(r) >= 1 ? Infinity : r * Math.sqrt(df / (1 - r * r)));

export function laggedCorrelation(
  errors: readonly number[],
  metric: readonly number[],
  options: LaggedCorrelationOptions,
): LaggedCorrelation {
  if (errors.length !== metric.length) throw new RangeError('both series must be on the same grid');
  const length = errors.length;
  const maxLag = Math.max(0, Math.min(options.maxLag, length - MIN_PAIRS));
  if (length < MIN_PAIRS) {
    throw new NotEnoughData(`${length} buckets; the correlation needs at least ${MIN_PAIRS}`);
  }
  const byLag: LagPoint[] = [];
  let best: { lag: number; r: number; n: number } | null = null;
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    const { r, n } = pearsonAt(errors, metric, lag);
    byLag.push({ lag, r });
    if (r === null || n < MIN_PAIRS) continue;
    // Ties go to the smaller shift: no lag is the plainer story.
    if (
      !best ||
      Math.abs(r) > Math.abs(best.r) + 1e-12 ||
      (Math.abs(Math.abs(r) - Math.abs(best.r)) <= 1e-12 && Math.abs(lag) < Math.abs(best.lag))
    ) {
      best = { lag, r, n };
    }
  }
  if (!best) {
    const flat = errors.every((v) => v === errors[0]) ? 'error rate' : 'metric';
    throw new NotEnoughData(`the ${flat} does not vary over the period, so nothing can correlate with it`);
  }
  const lagsTried = 2 * maxLag + 1;
  // Autocorrelation of each side over the overlap at the chosen lag.
  const from = Math.max(0, -best.lag);
  const to = Math.min(length, length - best.lag);
  const xs = errors.slice(from, to);
  const ys = metric.slice(from + best.lag, to + best.lag);
  const horizon = Math.floor(best.n / 5);
  const effectiveN = effectiveSampleSize(
    best.n,
    autocorrelations(xs, horizon),
    autocorrelations(ys, horizon),
  );
  const df = Math.max(1, effectiveN - 2);
  const pValueAtLag = studentTTwoSided(tOf(best.r, df), df);
  // 1 − (1 − p)^m without losing a tiny p to rounding.
  const pValue = Math.min(1, -Math.expm1(lagsTried * Math.log1p(-Math.min(pValueAtLag, 1 - 1e-16))));
  const naiveDf = best.n - 2;
  const naivePValue = studentTTwoSided(tOf(best.r, naiveDf), naiveDf);
  return {
    lag: best.lag,
    r: best.r,
    n: best.n,
    effectiveN,
    pValueAtLag,
    pValue,
    naivePValue,
    significant: pValue < (options.alpha ?? 0.05),
    lagsTried,
    byLag,
  };
}
