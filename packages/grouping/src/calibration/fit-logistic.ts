// Fits a logistic regression with non-negative feature weights by Newton's method (IRLS), with a small
// ridge penalty on the weights (not the intercept) so that separable data still gives finite numbers.
// Why non-negative: every feature means "more alike" as it grows; a negative weight would be the fit
// exploiting an accident of the sample, and would break "an item compared with itself scores 1".
// Non-negativity is enforced with an active set: a weight that wants to go negative is pinned at 0
// and the rest are refitted.

export interface LabeledSample {
  readonly x: readonly number[];
  readonly y: 0 | 1;
}

export interface LogisticFit {
  readonly intercept: number;
  readonly weights: readonly number[];
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Solves A·x = b for a small symmetric positive-definite A (Gaussian elimination, partial pivoting). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] ?? 0]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const p = m[col]![col]!;
    if (Math.abs(p) < 1e-12) continue;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / p;
      for (let c = col; c <= n; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  return m.map((row, i) => (Math.abs(row[i]!) < 1e-12 ? 0 : row[n]! / row[i]!));
}

/** Newton steps on the coordinates in `free` (0 = intercept, i+1 = weight i); the rest stay at 0. */
function newton(samples: readonly LabeledSample[], free: readonly number[], ridge: number): number[] {
  const dims = (samples[0]?.x.length ?? 0) + 1;
  const beta = new Array<number>(dims).fill(0);
  for (let iter = 0; iter < 50; iter++) {
    const grad = new Array<number>(free.length).fill(0);
    const hess = free.map(() => new Array<number>(free.length).fill(0));
    for (const s of samples) {
      const row = [1, ...s.x];
      const p = sigmoid(row.reduce((z, v, i) => z + v * (beta[i] ?? 0), 0));
      const w = Math.max(p * (1 - p), 1e-9);
      free.forEach((fi, a) => {
        grad[a]! += (row[fi] ?? 0) * (s.y - p);
        free.forEach((fj, b) => {
          hess[a]![b]! += w * (row[fi] ?? 0) * (row[fj] ?? 0);
        });
      });
    }
    free.forEach((fi, a) => {
      if (fi === 0) return;
      grad[a]! -= ridge * (beta[fi] ?? 0);
      hess[a]![a]! += ridge;
    });
    const step = solve(hess, grad);
    let largest = 0;
    free.forEach((fi, a) => {
      beta[fi] = (beta[fi] ?? 0) + (step[a] ?? 0);
      largest = Math.max(largest, Math.abs(step[a] ?? 0));
    });
    if (largest < 1e-9) break;
  }
  return beta;
}

export function fitLogistic(samples: readonly LabeledSample[], ridge = 1): LogisticFit {
  const features = samples[0]?.x.length ?? 0;
  const free = Array.from({ length: features + 1 }, (_, i) => i);
  for (;;) {
    const beta = newton(samples, free, ridge);
    const negative = free.filter((i) => i > 0 && (beta[i] ?? 0) < 0);
    if (negative.length === 0) return { intercept: beta[0] ?? 0, weights: beta.slice(1) };
    // Pin the most negative weight at zero and refit the others.
    const worst = negative.reduce((a, b) => ((beta[a] ?? 0) < (beta[b] ?? 0) ? a : b));
    free.splice(free.indexOf(worst), 1);
  }
}

/** Mean log-loss of a fit on samples: the quantity the fit minimizes (without the penalty). */
export function logLoss(fit: LogisticFit, samples: readonly LabeledSample[]): number {
  let sum = 0;
  for (const s of samples) {
    const p = sigmoid(fit.intercept + s.x.reduce((z, v, i) => z + v * (fit.weights[i] ?? 0), 0));
    sum -= Math.log(Math.min(Math.max(s.y === 1 ? p : 1 - p, 1e-12), 1));
  }
  return samples.length === 0 ? 0 : sum / samples.length;
}
