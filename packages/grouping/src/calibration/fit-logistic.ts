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

/** The samples as one row-major matrix with a leading 1 per row (the intercept's column). */
function designMatrix(samples: readonly LabeledSample[], dims: number): Float64Array {
  const rows = new Float64Array(samples.length * dims);
  samples.forEach((s, r) => {
    rows[r * dims] = 1;
    for (let j = 1; j < dims; j++) rows[r * dims + j] = s.x[j - 1] ?? 0;
  });
  return rows;
}

/**
 * Newton steps on the coordinates in `free` (0 = intercept, i+1 = weight i); the rest stay at 0.
 * Why typed arrays and plain loops: the fit runs over a few hundred thousand candidate pairs, once per
 * cross-validation fold, inside `npm run eval:grouping`.
 */
function newton(
  samples: readonly LabeledSample[],
  rows: Float64Array,
  dims: number,
  free: readonly number[],
  ridge: number,
): number[] {
  const beta = new Array<number>(dims).fill(0);
  const k = free.length;
  for (let iter = 0; iter < 50; iter++) {
    const grad = new Array<number>(k).fill(0);
    const hess = new Float64Array(k * k);
    for (let r = 0; r < samples.length; r++) {
      const base = r * dims;
      let z = 0;
      for (const fi of free) z += (rows[base + fi] ?? 0) * (beta[fi] ?? 0);
      const p = sigmoid(z);
      const w = Math.max(p * (1 - p), 1e-9);
      const residual = (samples[r]?.y ?? 0) - p;
      for (let a = 0; a < k; a++) {
        const xa = rows[base + (free[a] ?? 0)] ?? 0;
        if (xa === 0) continue;
        grad[a]! += xa * residual;
        for (let b = a; b < k; b++) hess[a * k + b]! += w * xa * (rows[base + (free[b] ?? 0)] ?? 0);
      }
    }
    const h = Array.from({ length: k }, (_, a) =>
      Array.from({ length: k }, (_, b) => hess[Math.min(a, b) * k + Math.max(a, b)] ?? 0),
    );
    free.forEach((fi, a) => {
      if (fi === 0) return;
      grad[a]! -= ridge * (beta[fi] ?? 0);
      h[a]![a]! += ridge;
    });
    const step = solve(h, grad);
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
  const dims = (samples[0]?.x.length ?? 0) + 1;
  const rows = designMatrix(samples, dims);
  const free = Array.from({ length: dims }, (_, i) => i);
  for (;;) {
    const beta = newton(samples, rows, dims, free, ridge);
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
