/**
 * Are events more frequent after a deploy than before? Counts in two windows are Poisson with
 * rates λa (after, exposure ta) and λb (before, exposure tb). Conditional on n = a + b, under
 * H0: λa = λb, a ~ Binomial(n, ta / (ta + tb)) whatever the common rate, so the exact one-sided
 * p-value of "after is higher" is P(X ≥ a) for that binomial (the conditional binomial test, Przyborowski
 * and Wilenski 1940). Pure; summed in log space so n in the millions neither overflows nor
 * underflows.
 */

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; about 15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const z = x - 1;
  let sum = c[0]!;
  for (let i = 1; i < 9; i++) sum += c[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

const logChoose = (n: number, k: number) => logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);

/** P(X ≥ k) for X ~ Binomial(n, p). */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const logP = Math.log(p);
  const logQ = Math.log1p(-p);
  // Terms rise to the mode and fall after it: sum from k up, relative to the first term's log,
  // and stop once a term no longer moves the sum.
  const logTerm = (i: number) => logChoose(n, i) + i * logP + (n - i) * logQ;
  const mode = Math.floor((n + 1) * p);
  const peak = logTerm(Math.max(k, Math.min(n, mode)));
  let sum = 0;
  for (let i = k; i <= n; i++) {
    const term = Math.exp(logTerm(i) - peak);
    sum += term;
    if (i > mode && term < sum * 1e-17) break;
  }
  return Math.min(1, Math.exp(peak) * sum);
}

export interface RateTestInput {
  /** Events after, and the after window's length (any unit, the same for both). */
  after: number;
  afterExposure: number;
  before: number;
  beforeExposure: number;
}

/** One-sided exact p-value of H1: rate after > rate before. */
export function poissonRateIncreaseP({
  after,
  afterExposure,
  before,
  beforeExposure,
}: RateTestInput): number {
  if (!(afterExposure > 0 && beforeExposure > 0)) throw new RangeError('exposures must be positive');
  if (!Number.isInteger(after) || !Number.isInteger(before) || after < 0 || before < 0) {
    throw new RangeError('counts must be non-negative integers');
  }
  const n = after + before;
  if (n === 0) return 1;
  return binomialUpperTail(after, n, afterExposure / (afterExposure + beforeExposure));
}

export interface RegressionThresholds {
  /** Significance level of the one-sided test. */
  alpha: number;
  /** Minimum after/before rate ratio that counts as a regression worth a notice. */
  minRatio: number;
  /** Minimum events after the deploy: below it a doubling of 2 to 4 is noise to a person. */
  minAfter: number;
}

export const DEFAULT_THRESHOLDS: RegressionThresholds = { alpha: 0.01, minRatio: 1.5, minAfter: 10 };

export interface RateVerdict {
  before: number;
  after: number;
  rateBefore: number;
  rateAfter: number;
  /** null when both rates are zero, or the before rate is zero (an infinite ratio). */
  ratio: number | null;
  pValue: number;
  flagged: boolean;
}

/** The test plus the practical thresholds; rates per minute when exposures are in minutes. */
export function judgeRates(input: RateTestInput, thresholds: RegressionThresholds): RateVerdict {
  const pValue = poissonRateIncreaseP(input);
  const rateBefore = input.before / input.beforeExposure;
  const rateAfter = input.after / input.afterExposure;
  const ratio = rateBefore > 0 ? rateAfter / rateBefore : null;
  // A zero before-rate with events after is an unbounded ratio: it passes the effect threshold.
  const bigEnough = ratio === null ? rateAfter > 0 : ratio >= thresholds.minRatio;
  return {
    before: input.before,
    after: input.after,
    rateBefore,
    rateAfter,
    ratio,
    pValue,
    flagged: pValue < thresholds.alpha && bigEnough && input.after >= thresholds.minAfter,
  };
}
