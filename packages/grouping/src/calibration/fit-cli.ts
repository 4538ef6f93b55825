// `tsx packages/grouping/src/calibration/fit-cli.ts [--decays 0.5,1,2] <labeled.jsonl>`: refits
// FITTED_MODEL (the learned combiner's weights and the beta calibration, see fit-score-model.ts) on
// every report of the file, from the neutral start, and prints the constants to paste into
// score-model.ts, with the in-sample and 5-fold cross-validated metrics that judge them;
// `fitted-model.test.ts` checks that this reproduces the committed constants. With `--decays` it also
// compares position decays by cross-validation. `npm run eval:grouping` prints the full cross-validated report, with the
// reliability tables.

import { readFileSync } from 'node:fs';
import { computeMetrics } from '../eval/metrics';
import { type LabeledReport, parseReports, ReportFormatError } from '../eval/read-reports';
import type { QueryOutcome } from '../eval/run-protocol';
import { DEFAULT_SIMILARITY_PARAMS } from '../similarity/similarity';
import { crossValidate } from './cross-validate';
import { DEFAULT_FIT_OPTIONS, fitScoreModel, NEUTRAL_MODEL } from './fit-score-model';
import { ATTACH_THRESHOLD, FEATURE_NAMES, type ScoreModel } from './score-model';

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

/** `--decays 0.5,1,2`: the position decays to compare by cross-validation (TraceSim's learned α). */
function parseArgs(argv: readonly string[]): { path: string; decays: number[] } | null {
  const args = [...argv];
  let decays: number[] = [];
  if (args[0] === '--decays') {
    decays = (args[1] ?? '').split(',').map(Number);
    args.splice(0, 2);
    if (decays.length === 0 || decays.some((d) => !Number.isFinite(d) || d < 0 || d > 10)) return null;
  }
  return args.length === 1 && args[0] !== undefined ? { path: args[0], decays } : null;
}

/**
 * The position decay is learned by 5-fold cross-validation over a grid: the protocol is run once per
 * decay (features depend on it), each run is cross-validated from the neutral start, and the decay
 * with the best cross-validated MRR wins (RR@1 alone moves by single queries).
 */
function compareDecays(reports: readonly LabeledReport[], decays: readonly number[]): string[] {
  const rows = decays.map((decay) => {
    const { outcomes, groupOf } = fitScoreModel(reports, NEUTRAL_MODEL, DEFAULT_FIT_OPTIONS, {
      positionDecay: decay,
    });
    const cv = crossValidate(outcomes, groupOf, 5, NEUTRAL_MODEL);
    return {
      decay,
      line: describe(`decay ${decay} CV`, cv.outcomes),
      mrr: computeMetrics(cv.outcomes, ATTACH_THRESHOLD).mrr,
    };
  });
  const best = rows.reduce((a, b) => (b.mrr > a.mrr ? b : a));
  return [
    ...rows.map((r) => r.line),
    `position decay with the best cross-validated MRR: ${best.decay} (in use: ${DEFAULT_SIMILARITY_PARAMS.positionDecay})`,
  ];
}

function main(argv: readonly string[]): number {
  const parsed = parseArgs(argv);
  if (parsed === null) {
    process.stderr.write('usage: fit-cli [--decays D1,D2,...] <labeled.jsonl>\n');
    return 2;
  }
  const { path, decays } = parsed;
  try {
    const reports = parseReports(readFileSync(path, 'utf8').split('\n'));
    const { model, outcomes, groupOf } = fitScoreModel(reports);
    const cv = crossValidate(outcomes, groupOf, 5, NEUTRAL_MODEL);
    const lines = [
      `fitted model: ${asLiteral(model)}`,
      ...cv.models.map((m, i) => `fold ${i} model: ${asLiteral(m)}`),
      describe('in-sample', outcomes),
      describe('5-fold CV', cv.outcomes),
      ...(decays.length > 0 ? compareDecays(reports, decays) : []),
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
