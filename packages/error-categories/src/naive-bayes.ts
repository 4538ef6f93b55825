/**
 * A multinomial naive Bayes over the presence of tokens (each token counts once per event), with
 * Laplace smoothing and a weight per token source (type, message, bigram, frame, platform). The
 * model is plain data (counts), so it is trained by a script, committed, and loaded without I/O.
 * Confidence is the softmax of the class scores divided by a temperature fitted on the dev split:
 * naive Bayes treats correlated tokens as independent evidence and is overconfident without it.
 */
import { CATEGORY_IDS, type CategoryId } from './categories';

export interface NaiveBayesParams {
  alpha: number;
  /** Multiplies the log-likelihood of tokens by their prefix (`t`, `T`, `m`, `b`, `f`, `p`). */
  sourceWeights: Readonly<Record<string, number>>;
  temperature: number;
}

export interface NaiveBayesModel {
  params: NaiveBayesParams;
  /** Training events per class, in CATEGORY_IDS order. */
  classCounts: readonly number[];
  /** Token → events per class that hold it (sparse: [class index, count] pairs). */
  tokenCounts: Readonly<Record<string, ReadonlyArray<readonly [number, number]>>>;
}

export interface Scored {
  category: CategoryId;
  confidence: number;
  /** Every class's probability, in CATEGORY_IDS order. */
  probabilities: number[];
}

export function trainNaiveBayes(
  examples: ReadonlyArray<{ tokens: readonly string[]; label: CategoryId }>,
  params: NaiveBayesParams,
): NaiveBayesModel {
  const classCounts = CATEGORY_IDS.map(() => 0);
  const perToken = new Map<string, number[]>();
  for (const { tokens, label } of examples) {
    const index = CATEGORY_IDS.indexOf(label);
    classCounts[index] = (classCounts[index] ?? 0) + 1;
    for (const token of new Set(tokens)) {
      const counts = perToken.get(token) ?? CATEGORY_IDS.map(() => 0);
      counts[index] = (counts[index] ?? 0) + 1;
      perToken.set(token, counts);
    }
  }
  const tokenCounts: Record<string, [number, number][]> = {};
  for (const token of [...perToken.keys()].sort()) {
    const counts = perToken.get(token) ?? [];
    tokenCounts[token] = counts.flatMap((count, index) =>
      count > 0 ? [[index, count] as [number, number]] : [],
    );
  }
  return { params, classCounts, tokenCounts };
}

/** Precomputes what scoring needs once per model. */
export function compileModel(model: NaiveBayesModel) {
  const { alpha, sourceWeights, temperature } = model.params;
  const total = model.classCounts.reduce((sum, count) => sum + count, 0);
  const logPrior = model.classCounts.map((count) => Math.log((count + 1) / (total + CATEGORY_IDS.length)));
  // Bernoulli-style presence likelihood P(token | class), smoothed.
  const denominator = model.classCounts.map((count) => count + 2 * alpha);
  const absentScore = denominator.map((d) => Math.log(alpha / d));

  // Each token's weighted log-likelihood per class, computed on first use: scoring is then a sum.
  const table = new Map<string, Float64Array | null>();
  const rowOf = (token: string): Float64Array | null => {
    const known = table.get(token);
    if (known !== undefined) return known;
    const counts = model.tokenCounts[token];
    let row: Float64Array | null = null;
    if (counts) {
      const weight = sourceWeights[token.slice(0, token.indexOf(':'))] ?? 1;
      row = Float64Array.from(absentScore, (score) => weight * score);
      for (const [c, seen] of counts) row[c] = weight * Math.log((seen + alpha) / (denominator[c] ?? 1));
    }
    table.set(token, row);
    return row;
  };

  return function score(tokens: readonly string[]): Scored {
    const scores = [...logPrior];
    for (const token of new Set(tokens)) {
      const row = rowOf(token);
      if (!row) continue;
      for (let c = 0; c < scores.length; c++) scores[c] = (scores[c] ?? 0) + (row[c] ?? 0);
    }
    const top = Math.max(...scores);
    const exp = scores.map((s) => Math.exp((s - top) / temperature));
    const sum = exp.reduce((a, b) => a + b, 0);
    const probabilities = exp.map((e) => e / sum);
    let best = 0;
    for (let c = 1; c < probabilities.length; c++)
      if ((probabilities[c] ?? 0) > (probabilities[best] ?? 0)) best = c;
    return {
      category: CATEGORY_IDS[best] ?? 'other',
      confidence: probabilities[best] ?? 0,
      probabilities,
    };
  };
}
