/** Precision, recall and F1 per category and their macro averages, from (truth, predicted) pairs. */
import { CATEGORY_IDS, type CategoryId } from '../categories';

export interface CategoryMetrics {
  category: CategoryId;
  support: number;
  predicted: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface Metrics {
  perCategory: CategoryMetrics[];
  macroPrecision: number;
  macroRecall: number;
  macroF1: number;
  accuracy: number;
  total: number;
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

export function computeMetrics(pairs: ReadonlyArray<{ truth: CategoryId; predicted: CategoryId }>): Metrics {
  const perCategory = CATEGORY_IDS.map((category) => {
    const support = pairs.filter((p) => p.truth === category).length;
    const predicted = pairs.filter((p) => p.predicted === category).length;
    const hits = pairs.filter((p) => p.truth === category && p.predicted === category).length;
    const precision = ratio(hits, predicted);
    const recall = ratio(hits, support);
    return {
      category,
      support,
      predicted,
      precision,
      recall,
      f1: ratio(2 * precision * recall, precision + recall),
    };
  });
  // Categories absent from the split would count as 0 and say nothing: average over present ones.
  const present = perCategory.filter((m) => m.support > 0);
  const mean = (pick: (m: CategoryMetrics) => number) =>
    ratio(
      present.reduce((s, m) => s + pick(m), 0),
      present.length,
    );
  return {
    perCategory,
    macroPrecision: mean((m) => m.precision),
    macroRecall: mean((m) => m.recall),
    macroF1: mean((m) => m.f1),
    accuracy: ratio(pairs.filter((p) => p.truth === p.predicted).length, pairs.length),
    total: pairs.length,
  };
}
