// `npm run eval:grouping -- <file.jsonl>`: runs the benchmark protocol (run-protocol.ts) over a labeled
// JSONL file and prints a table, then exactly one JSON line with the headline metrics (always last, so
// scripts can read it with `tail -n 1`).
// Rarity is learned incrementally as reports arrive (no look-ahead); the published baselines computed
// IDF over the whole file instead, which is slightly optimistic for them.
// Exit codes: 0 success, 1 unreadable or malformed input (message names the line), 2 usage.

import { readFileSync } from 'node:fs';
import { ATTACH_THRESHOLD } from '../calibration/score-model';
import { formatJsonLine, formatTable } from './format-report';
import { computeMetrics } from './metrics';
import { parseReports, ReportFormatError } from './read-reports';
import { runProtocol } from './run-protocol';

function main(argv: readonly string[]): number {
  const [path] = argv;
  if (path === undefined || argv.length !== 1) {
    process.stderr.write('usage: eval-cli <reports.jsonl>\n');
    return 2;
  }
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
    const alternativeThresholds = [0.1, 0.2, 0.3];
    const summary = {
      metrics: computeMetrics(run.outcomes, ATTACH_THRESHOLD),
      alternatives: alternativeThresholds.map((t) => computeMetrics(run.outcomes, t)),
      alternativeThresholds,
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
