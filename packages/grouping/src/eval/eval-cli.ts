// `npm run eval:grouping -- [--folds K] <file.jsonl>`: runs the benchmark protocol (run-protocol.ts)
// over a labeled JSONL file, then K-fold cross-validation of the score model (default 5; folds split
// by group, each scored by a model fitted on the others), and prints a table with the reliability of
// the confidence, then exactly one JSON line with the headline metrics (always last, so scripts can
// read it with `tail -n 1`). The headline is cross-validated: the committed model was fitted on the
// development half, so its own figures there are in-sample; `--folds 0` prints the committed model's.
// Rarity is learned incrementally as reports arrive (no look-ahead); the published baselines computed
// IDF over the whole file instead, which is slightly optimistic for them.
// Exit codes: 0 success, 1 unreadable or malformed input (message names the line), 2 usage.

import { readFileSync } from 'node:fs';
import { crossValidate } from '../calibration/cross-validate';
import { DEFAULT_FIT_OPTIONS, groupsOf, NEUTRAL_MODEL } from '../calibration/fit-score-model';
import { ATTACH_THRESHOLD } from '../calibration/score-model';
import { formatJsonLine, formatTable } from './format-report';
import { computeMetrics } from './metrics';
import { parseReports, ReportFormatError } from './read-reports';
import { bestMatchReliability, pairReliability } from './reliability';
import { runProtocol } from './run-protocol';

const USAGE = 'usage: eval-cli [--folds K] <reports.jsonl>   (K = 0 or 2..20, default 5)\n';

function parseArgs(argv: readonly string[]): { path: string; folds: number } | null {
  const args = [...argv];
  let folds = 5;
  if (args[0] === '--folds') {
    folds = Number(args[1]);
    args.splice(0, 2);
    if (!Number.isInteger(folds) || folds === 1 || folds < 0 || folds > 20) return null;
  }
  return args.length === 1 && args[0] !== undefined ? { path: args[0], folds } : null;
}

function main(argv: readonly string[]): number {
  const parsed = parseArgs(argv);
  if (parsed === null) {
    process.stderr.write(USAGE);
    return 2;
  }
  const { path, folds } = parsed;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    process.stderr.write(
      `error: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'unknown error'}\n`,
    );
    return 1;
  }
  try {
    const reports = parseReports(text.split('\n'));
    if (reports.length === 0) throw new ReportFormatError(`${path} holds no reports`);
    const run = runProtocol(reports);
    const groupOf = groupsOf(reports);
    const scored =
      folds > 0 ? crossValidate(run.outcomes, groupOf, folds, NEUTRAL_MODEL).outcomes : run.outcomes;
    const alternativeThresholds = [0.1, 0.15, 0.2, 0.3, 0.7];
    const pairsPerQuery = DEFAULT_FIT_OPTIONS.calibrationPairs;
    const summary = {
      metrics: computeMetrics(scored, ATTACH_THRESHOLD),
      committed: computeMetrics(run.outcomes, ATTACH_THRESHOLD),
      folds,
      alternatives: alternativeThresholds.map((t) => computeMetrics(scored, t)),
      alternativeThresholds,
      pairReliability: pairReliability(scored, groupOf, pairsPerQuery),
      pairsPerQuery,
      bestReliability: bestMatchReliability(scored),
      queries: run.outcomes.length,
      queriesPerSecond: run.outcomes.length / Math.max(run.elapsedMs / 1000, 1e-9),
      threshold: ATTACH_THRESHOLD,
    };
    process.stdout.write(`${formatTable(summary)}\n${formatJsonLine(summary)}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof ReportFormatError)) throw error;
    process.stderr.write(`error: ${path}: ${error.message}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
