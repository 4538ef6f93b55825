// Renders evaluation metrics as a table for people and one JSON line for machines (always last).

import type { EvalMetrics } from './metrics';

export interface EvalSummary {
  readonly metrics: EvalMetrics;
  /** The attach decision at other thresholds, for choosing one; not part of the JSON line. */
  readonly alternatives: readonly EvalMetrics[];
  readonly alternativeThresholds: readonly number[];
  readonly queries: number;
  readonly queriesPerSecond: number;
  readonly threshold: number;
}

const fixed = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : String(x));

export function formatTable(summary: EvalSummary): string {
  const m = summary.metrics;
  const rows: Array<[string, string]> = [
    ['queries', String(summary.queries)],
    ['duplicate queries', String(m.duplicateQueries)],
    ['RR@1', fixed(m.rr1)],
    ['RR@5', fixed(m.rr5)],
    ['RR@10', fixed(m.rr10)],
    ['MRR', fixed(m.mrr)],
    [`AUC (${m.aucQueries} queries)`, fixed(m.auc)],
    [`attach threshold (confidence)`, fixed(summary.threshold)],
    [`precision (${m.correctAttach}/${m.predictedAttach})`, fixed(m.precision)],
    [`recall (${m.correctAttach}/${m.duplicateQueries})`, fixed(m.recall)],
  ];
  summary.alternatives.forEach((alt, i) => {
    const t = summary.alternativeThresholds[i] ?? 0;
    rows.push([`  at ${fixed(t)}: precision / recall`, `${fixed(alt.precision)} / ${fixed(alt.recall)}`]);
  });
  rows.push(['queries/s', summary.queriesPerSecond.toFixed(1)]);
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`).join('\n');
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
    queries_per_s: Math.round(summary.queriesPerSecond * 10) / 10,
  });
}
