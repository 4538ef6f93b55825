/** Sample autocorrelation and mean/variance helpers over complete numeric series. Pure. */

export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return values.length === 0 ? 0 : sum / values.length;
}

/**
 * ρ(1) … ρ(maxLag) of a series, the usual biased estimator (divided by n at every lag), which
 * keeps the estimates a valid autocorrelation function. A constant series has none: all zeros.
 */
export function autocorrelations(values: readonly number[], maxLag: number): number[] {
  const n = values.length;
  const m = mean(values);
  let denominator = 0;
  for (const value of values) denominator += (value - m) ** 2;
  const result: number[] = [];
  for (let lag = 1; lag <= maxLag; lag++) {
    if (denominator === 0 || lag >= n) {
      result.push(0);
      continue;
    }
    let numerator = 0;
    for (let t = 0; t + lag < n; t++) numerator += (values[t]! - m) * (values[t + lag]! - m);
    result.push(numerator / denominator);
  }
  return result;
}

/**
 * Pyper and Peterman's (1998) effective number of independent pairs for the correlation of two
 * autocorrelated series of length n: 1/N* = 1/n + (2/n) Σ_{j=1}^{n/5} ((n − j)/n) ρx(j) ρy(j).
 * Two strongly autocorrelated series share far fewer independent observations than points, which
 * is what makes a naive test of their correlation call chance "significant". Bounded to [3, n].
 */
export function effectiveSampleSize(n: number, rhoX: readonly number[], rhoY: readonly number[]): number {
  const lags = Math.min(Math.floor(n / 5), rhoX.length, rhoY.length);
  let sum = 0;
  for (let j = 1; j <= lags; j++) sum += ((n - j) / n) * rhoX[j - 1]! * rhoY[j - 1]!;
  const inverse = 1 / n + (2 / n) * sum;
  if (!(inverse > 0)) return n;
  return Math.min(n, Math.max(3, 1 / inverse));
}
