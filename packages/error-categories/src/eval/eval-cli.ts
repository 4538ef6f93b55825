// `npm run eval:categories`: classifies the held-out split of data/events with the committed model
// (src/trained-model.ts, fitted on the dev split only) and prints precision, recall and F1 per
// category, then exactly one JSON line with the macro figures and their targets (always last, so a
// script reads it with `tail -n 1`). Exit code 0 whether or not targets are met; 1 on bad data.
import { CATEGORY_LABELS } from '../categories';
import { classifyError } from '../classifier';
import { DatasetFormatError } from '../dataset';
import { splitOf } from '../split';
import { computeMetrics } from './metrics';
import { readLabeledSet } from './read-dataset';

export const TARGETS = { macroPrecision: 0.75, macroRecall: 0.75, macroF1: 0.75 } as const;

const pct = (value: number) => value.toFixed(3);

function main(): number {
  let events: ReturnType<typeof readLabeledSet>;
  try {
    events = readLabeledSet();
  } catch (error) {
    if (!(error instanceof DatasetFormatError)) throw error;
    process.stderr.write(`error: ${error.message}\n`);
    return 1;
  }
  const heldout = events.filter((event) => splitOf(event.id) === 'heldout');
  const pairs = heldout.map((event) => ({ truth: event.label, predicted: classifyError(event).category }));
  const metrics = computeMetrics(pairs);
  // What Dexter classifies issues from (docs/categories.md): type, message and the top frame only.
  const issueLevel = computeMetrics(
    heldout.map((event) => ({
      truth: event.label,
      predicted: classifyError({ ...event, frames: (event.frames ?? []).slice(0, 1) }).category,
    })),
  );
  const platforms = new Set(heldout.map((event) => event.platform));
  const lines = [
    `held-out split: ${heldout.length} of ${events.length} events, ${platforms.size} platforms`,
    `${'category'.padEnd(26)} support predicted precision recall     f1`,
    ...metrics.perCategory.map(
      (m) =>
        `${CATEGORY_LABELS[m.category].padEnd(26)} ${String(m.support).padStart(7)} ${String(m.predicted).padStart(9)} ${pct(m.precision).padStart(9)} ${pct(m.recall).padStart(6)} ${pct(m.f1).padStart(6)}`,
    ),
    `${'macro'.padEnd(26)} ${String(metrics.total).padStart(7)} ${''.padStart(9)} ${pct(metrics.macroPrecision).padStart(9)} ${pct(metrics.macroRecall).padStart(6)} ${pct(metrics.macroF1).padStart(6)}`,
    `accuracy ${pct(metrics.accuracy)}`,
    `issue-level inputs (type, message, top frame only, as Dexter classifies issues): macro precision ${pct(issueLevel.macroPrecision)}, recall ${pct(issueLevel.macroRecall)}, F1 ${pct(issueLevel.macroF1)}`,
  ];
  const figure = (value: number, target: number) => ({
    value: Number(pct(value)),
    target,
    met: value >= target,
  });
  const summary = {
    split: 'heldout',
    events: heldout.length,
    platforms: platforms.size,
    accuracy: Number(pct(metrics.accuracy)),
    macroPrecision: figure(metrics.macroPrecision, TARGETS.macroPrecision),
    macroRecall: figure(metrics.macroRecall, TARGETS.macroRecall),
    macroF1: figure(metrics.macroF1, TARGETS.macroF1),
    issueLevelMacroF1: figure(issueLevel.macroF1, TARGETS.macroF1),
  };
  process.stdout.write(`${lines.join('\n')}\n${JSON.stringify(summary)}\n`);
  return 0;
}

process.exitCode = main();
