// `tsx packages/grouping/src/calibration/fit-cli.ts <labeled.jsonl>`: refits FITTED_MODEL and prints
// what is needed to judge it before pasting the constants into score-model.ts:
// - the fitted constants;
// - in-sample metrics, and 2-fold cross-validated metrics (folds split by group, each half scored by
//   the model fitted on the other half), which estimate what unseen data of the same kind will show;
// - a reliability table of the best match's confidence against how often it was right;
// - precision/recall of the attach decision at several thresholds.

import { readFileSync } from 'node:fs';
import { computeMetrics, trueGroupRank } from '../eval/metrics';
import { parseReports, ReportFormatError } from '../eval/read-reports';
import type { QueryOutcome } from '../eval/run-protocol';
import { DEFAULT_FIT_OPTIONS, fitScoreModel, modelFromOutcomes, rescore } from './fit-score-model';
import { FITTED_MODEL, type ScoreModel } from './score-model';

const fixed = (x: number) => x.toFixed(3);

function foldOf(groupId: string): number {
  let h = 0;
  for (const ch of groupId) h = (h * 31 + ch.charCodeAt(0)) | 0;
  return Math.abs(h) % 2;
}

function describe(label: string, outcomes: readonly QueryOutcome[], threshold: number): string {
  const m = computeMetrics(outcomes, threshold);
  return `${label.padEnd(16)} RR@1 ${fixed(m.rr1)}  RR@5 ${fixed(m.rr5)}  RR@10 ${fixed(m.rr10)}  MRR ${fixed(m.mrr)}  AUC ${fixed(m.auc)}  P ${fixed(m.precision)}  R ${fixed(m.recall)}`;
}

function reliability(outcomes: readonly QueryOutcome[]): string[] {
  const edges = [0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0001];
  return edges.slice(0, -1).map((lo, i) => {
    const hi = edges[i + 1] ?? 1;
    const inBin = outcomes.filter((o) => {
      const c = o.groups[0]?.confidence ?? 0;
      return c >= lo && c < hi;
    });
    const right = inBin.filter((o) => o.isDuplicate && trueGroupRank(o) === 1).length;
    const mean = inBin.reduce((s, o) => s + (o.groups[0]?.confidence ?? 0), 0) / Math.max(inBin.length, 1);
    return `  [${lo.toFixed(2)}, ${Math.min(hi, 1).toFixed(2)})  n=${String(inBin.length).padStart(5)}  mean confidence ${fixed(mean)}  top-1 right ${fixed(right / Math.max(inBin.length, 1))}`;
  });
}

function main(argv: readonly string[]): number {
  const [path] = argv;
  if (path === undefined) {
    process.stderr.write('usage: fit-cli <labeled.jsonl>\n');
    return 2;
  }
  try {
    const reports = parseReports(readFileSync(path, 'utf8').split('\n'));
    const { model, outcomes, groupOf } = fitScoreModel(reports, FITTED_MODEL);
    const folds: ScoreModel[] = [0, 1].map((fold) => {
      const train = outcomes.filter((o) => foldOf(o.report.groupId) !== fold);
      return modelFromOutcomes(train, groupOf, DEFAULT_FIT_OPTIONS);
    });
    const crossValidated = rescore(outcomes, (o) => folds[foldOf(o.report.groupId)] ?? model, groupOf);
    const lines = [
      `fitted model: ${JSON.stringify(model)}`,
      ...folds.map((m, i) => `fold ${i} model: ${JSON.stringify(m)}`),
      describe('in-sample', outcomes, 0.5),
      describe('2-fold CV', crossValidated, 0.5),
      'reliability of the best match (2-fold CV):',
      ...reliability(crossValidated),
      'attach decision by threshold (2-fold CV):',
      ...[0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5].map((t) => {
        const m = computeMetrics(crossValidated, t);
        const f1 = (2 * m.precision * m.recall) / Math.max(m.precision + m.recall, 1e-9);
        return `  threshold ${t.toFixed(2)}  attach ${String(m.predictedAttach).padStart(4)}  precision ${fixed(m.precision)}  recall ${fixed(m.recall)}  F1 ${fixed(f1)}`;
      }),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof ReportFormatError)) throw error;
    process.stderr.write(`error: ${path}: ${error.message}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
