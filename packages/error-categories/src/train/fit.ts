/**
 * Chooses the naive Bayes parameters by k-fold cross-validation on the dev split only (folds by a
 * hash of the id), then trains the final model on the whole dev split. The held-out split is never
 * read here.
 */
import { CATEGORY_IDS, type CategoryId } from '../categories';
import type { LabeledEvent } from '../dataset';
import { computeMetrics } from '../eval/metrics';
import { featuresOf } from '../features';
import { compileModel, type NaiveBayesModel, type NaiveBayesParams, trainNaiveBayes } from '../naive-bayes';
import { fnv1a } from '../split';

export const FOLDS = 5;

const GRID_ALPHA = [0.1, 0.3, 0.6, 1];
const GRID_TOKEN_WEIGHTS: Record<string, number>[] = [
  { T: 1, t: 1, m: 1, b: 1, f: 1, p: 1 },
  { T: 2, t: 1, m: 1, b: 0.5, f: 0.5, p: 0.5 },
  { T: 2, t: 1, m: 1, b: 0, f: 0.5, p: 0 },
  { T: 3, t: 1, m: 1, b: 1, f: 0.3, p: 0 },
  { T: 1.5, t: 1, m: 1.5, b: 1, f: 0.5, p: 0 },
];
const GRID_CUE_WEIGHTS = [0, 1, 2, 4, 6];
const GRID_WEIGHTS = GRID_TOKEN_WEIGHTS.flatMap((weights) =>
  GRID_CUE_WEIGHTS.map((cue) => ({ ...weights, r: cue, rr: cue / 2 })),
);
const GRID_TEMPERATURE = [1, 2, 4, 8, 16];

interface Example {
  id: string;
  tokens: string[];
  label: CategoryId;
}

/** Mean log-loss of the true class: the criterion for the temperature (calibration, not ranking). */
function logLoss(model: NaiveBayesModel, test: Example[]): number {
  const score = compileModel(model);
  return (
    test.reduce((sum, e) => {
      const p = score(e.tokens).probabilities[indexOf(e.label)] ?? 0;
      return sum - Math.log(Math.max(p, 1e-9));
    }, 0) / test.length
  );
}

const indexOf = (label: CategoryId) => CATEGORY_IDS.indexOf(label);

function crossValidate(examples: Example[], params: NaiveBayesParams) {
  const pairs: { truth: CategoryId; predicted: CategoryId }[] = [];
  let loss = 0;
  for (let fold = 0; fold < FOLDS; fold++) {
    const inFold = (e: Example) => fnv1a(`fold:${e.id}`) % FOLDS === fold;
    const model = trainNaiveBayes(
      examples.filter((e) => !inFold(e)),
      params,
    );
    const test = examples.filter(inFold);
    const score = compileModel(model);
    for (const e of test) pairs.push({ truth: e.label, predicted: score(e.tokens).category });
    loss += logLoss(model, test) * test.length;
  }
  return { metrics: computeMetrics(pairs), logLoss: loss / examples.length };
}

export function fitOnDev(dev: readonly LabeledEvent[]) {
  const examples = dev.map((e) => ({ id: e.id, tokens: featuresOf(e), label: e.label }));
  let best: { params: NaiveBayesParams; macroF1: number } | null = null;
  for (const alpha of GRID_ALPHA) {
    for (const sourceWeights of GRID_WEIGHTS) {
      const params = { alpha, sourceWeights, temperature: 1 };
      const { metrics } = crossValidate(examples, params);
      if (!best || metrics.macroF1 > best.macroF1 + 1e-9) best = { params, macroF1: metrics.macroF1 };
    }
  }
  if (!best) throw new Error('empty parameter grid');
  let temperature = 1;
  let bestLoss = Number.POSITIVE_INFINITY;
  for (const t of GRID_TEMPERATURE) {
    const { logLoss: loss } = crossValidate(examples, { ...best.params, temperature: t });
    if (loss < bestLoss) {
      bestLoss = loss;
      temperature = t;
    }
  }
  const params = { ...best.params, temperature };
  return {
    model: trainNaiveBayes(examples, params),
    crossValidatedMacroF1: best.macroF1,
    crossValidatedLogLoss: bestLoss,
  };
}
