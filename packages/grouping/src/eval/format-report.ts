// Renders evaluation metrics as a table for people and one JSON line for machines (always last).

import type { EvalMetrics } from './metrics';
import { calibrationError, type ReliabilityBin } from './reliability';

export interface EvalSummary {
  /** The headline: cross-validated when `folds` > 0, else the committed model's. */
  readonly metrics: EvalMetrics;
  /** The committed model (FITTED_MODEL) on the same file; in-sample when the file is the one it was fitted on. */
  readonly committed: EvalMetrics;
  /** Cross-validation folds behind `metrics`; 0 when none ran. */
  readonly folds: number;
  /** The attach decision at other thresholds, for choosing one; not part of the JSON line. */
  readonly alternatives: readonly EvalMetrics[];
  readonly alternativeThresholds: readonly number[];
  /** Reliability of the shown pairs' confidence (each query's best few), on the headline run. */
  readonly pairReliability: readonly ReliabilityBin[];
  readonly pairsPerQuery: number;
  /** Reliability of the best match's confidence, on the headline run. */
  readonly bestReliability: readonly ReliabilityBin[];
  readonly queries: number;
  readonly queriesPerSecond: number;
  readonly threshold: number;
}

const fixed = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : String(x));

const headline = (m: EvalMetrics) =>
  `RR@1 ${fixed(m.rr1)}  RR@5 ${fixed(m.rr5)}  RR@10 ${fixed(m.rr10)}  MRR ${fixed(m.mrr)}  AUC ${fixed(m.auc)}`;

function reliabilityRows(title: string, bins: readonly ReliabilityBin[]): string[] {
  return [
    `${title} (expected calibration error ${fixed(calibrationError(bins))})`,
    '  confidence      pairs  stated  observed',
    ...bins.map(
      (b) =>
        `  [${b.low.toFixed(2)}, ${b.high.toFixed(2)}${b.high === 1 ? ']' : ')'}  ${String(b.count).padStart(6)}  ${
          b.count === 0 ? '    - ' : fixed(b.meanConfidence).padStart(6)
        }  ${b.count === 0 ? '    -' : fixed(b.observed).padStart(8)}`,
    ),
  ];
}

export function formatTable(summary: EvalSummary): string {
  const m = summary.metrics;
  const basis = summary.folds > 0 ? `${summary.folds}-fold cross-validation` : 'committed model';
  const rows: Array<[string, string]> = [
    ['queries', String(summary.queries)],
    ['duplicate queries', String(m.duplicateQueries)],
    [`committed model`, headline(summary.committed)],
  ];
  if (summary.folds > 0) rows.push([`${basis}`, headline(m)]);
  rows.push(
    [`RR@1 (${basis})`, fixed(m.rr1)],
    ['RR@5', fixed(m.rr5)],
    ['RR@10', fixed(m.rr10)],
    ['MRR', fixed(m.mrr)],
    [`AUC (${m.aucQueries} queries)`, fixed(m.auc)],
    [
      `duplicates not retrieved`,
      `${m.unretrieved} (RR@k ceiling ${fixed(1 - m.unretrieved / Math.max(m.duplicateQueries, 1))}; AUC without them ${fixed(m.aucRetrieved)})`,
    ],
    [`attach threshold (confidence)`, fixed(summary.threshold)],
    [`precision (${m.correctAttach}/${m.predictedAttach})`, fixed(m.precision)],
    [`recall (${m.correctAttach}/${m.duplicateQueries})`, fixed(m.recall)],
  );
  summary.alternatives.forEach((alt, i) => {
    const t = summary.alternativeThresholds[i] ?? 0;
    rows.push([
      `  at ${fixed(t)}: precision / recall`,
      `${fixed(alt.precision)} / ${fixed(alt.recall)} (${alt.predictedAttach} attached)`,
    ]);
  });
  rows.push(['queries/s', summary.queriesPerSecond.toFixed(1)]);
  const width = Math.max(...rows.map(([name]) => name.length));
  return [
    ...rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`),
    ...reliabilityRows(
      `reliability of a pair's confidence, each query's best ${summary.pairsPerQuery} (${basis})`,
      summary.pairReliability,
    ),
    ...reliabilityRows(`reliability of the best match's confidence (${basis})`, summary.bestReliability),
  ].join('\n');
}

const round = (x: number) => (Number.isFinite(x) ? Math.round(x * 1000) / 1000 : null);

export function formatJsonLine(summary: EvalSummary): string {
  const m = summary.metrics;
  return JSON.stringify({
    rr1: round(m.rr1),
    rr5: round(m.rr5),
    rr10: round(m.rr10),
    mrr: round(m.mrr),
    auc: round(m.auc),
    precision: round(m.precision),
    recall: round(m.recall),
    folds: summary.folds,
    queries_per_s: Math.round(summary.queriesPerSecond * 10) / 10,
  });
}
