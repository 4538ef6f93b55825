// `tsx packages/grouping/src/calibration/fit-cli.ts <labeled.jsonl>`: refits FITTED_MODEL (the learned
// combiner's weights and the beta calibration, see fit-score-model.ts) on every report of the file and
// prints the constants to paste into score-model.ts, with the in-sample and 5-fold cross-validated
// metrics that judge them. `npm run eval:grouping` prints the full cross-validated report, with the
// reliability tables.

import { readFileSync } from 'node:fs';
import { computeMetrics } from '../eval/metrics';
import { parseReports, ReportFormatError } from '../eval/read-reports';
import type { QueryOutcome } from '../eval/run-protocol';
import { crossValidate } from './cross-validate';
import { fitScoreModel } from './fit-score-model';
import { ATTACH_THRESHOLD, FEATURE_NAMES, FITTED_MODEL, type ScoreModel } from './score-model';

const fixed = (x: number) => x.toFixed(3);
const round = (x: number) => Math.round(x * 1000) / 1000;

function describe(label: string, outcomes: readonly QueryOutcome[]): string {
  const m = computeMetrics(outcomes, ATTACH_THRESHOLD);
  return `${label.padEnd(16)} RR@1 ${fixed(m.rr1)}  RR@5 ${fixed(m.rr5)}  RR@10 ${fixed(m.rr10)}  MRR ${fixed(m.mrr)}  AUC ${fixed(m.auc)}  P ${fixed(m.precision)}  R ${fixed(m.recall)}`;
}

/** The model as the literal that score-model.ts holds, rounded to three decimals. */
function asLiteral(model: ScoreModel): string {
  const weights = FEATURE_NAMES.map((name) => `${name}: ${round(model.weights[name])}`).join(', ');
  const { intercept, a, b } = model.calibration;
  return `{ weights: { ${weights} }, calibration: { intercept: ${round(intercept)}, a: ${round(a)}, b: ${round(b)} } }`;
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
    const cv = crossValidate(outcomes, groupOf, 5, model);
    const lines = [
      `fitted model: ${asLiteral(model)}`,
      ...cv.models.map((m, i) => `fold ${i} model: ${asLiteral(m)}`),
      describe('in-sample', outcomes),
      describe('5-fold CV', cv.outcomes),
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
