/**
 * Trains the preset dictionary that stored event bodies and uncompressed raw payloads are deflated
 * with (`packages/store/src/ingest/write/body-dictionary.ts`), from events the real `@sentry/node`
 * SDK captures (`capture-sdk-events.ts`), and writes it as a TypeScript module so that the ingest
 * workers' bundle carries it:
 *
 *   npx tsx packages/store/src/testing/dictionary-training/train-body-dictionary.ts <version>
 *
 * Training: the capture runs in three processes; each sample (an event as the SDK sent it, and the
 * body of its normalized form) is cut into JSON fragments at `,` `{` `[`; a fragment found in
 * every run and in at least two events per run is structure events repeat (keys, frame shapes,
 * contexts, SDK metadata) rather than what one event or one process said (ids, times, ports);
 * the capture script's own paths and source lines are left out, as no application shares them. Deflate reaches back at most 32 KiB, and a match close to the end of
 * the dictionary costs fewer bits, so the most valuable fragments (occurrences × length) go last.
 * A dictionary is never changed once released: a new one gets a new version, and rows name theirs.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeEvent } from '../../ingest/normalize/normalize-event';
import { bodyOf } from '../../ingest/write/event-body';

const MAX_DICTIONARY_BYTES = 32 * 1024;
const MAX_FRAGMENT_CHARS = 240;
const RUNS = 3;

const version = process.argv[2];
if (!version || !/^[1-9][0-9]*$/.test(version)) {
  process.stderr.write('usage: tsx train-body-dictionary.ts <version number>\n');
  process.exit(2);
}

const CAPTURE_SCRIPT = join(import.meta.dirname, 'capture-sdk-events.ts');
// The capture script's own file and source lines are this trainer's, not what applications share.
const ownSource = readFileSync(CAPTURE_SCRIPT, 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line.length >= 6);
const isOwn = (fragment: string) =>
  fragment.includes('capture-sdk-events') || ownSource.some((line) => fragment.includes(line));

// Separate processes: what differs between runs (trace ids, times, ports) is left out below.
const runs = Array.from({ length: RUNS }, () =>
  execFileSync(process.execPath, ['--import', 'tsx', CAPTURE_SCRIPT], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.startsWith('{')),
);
const captured = runs.flat().length;
const samples = runs.flatMap((lines, run) =>
  lines.flatMap((line, i) => {
    const normalized = normalizeEvent(JSON.parse(line), { projectId: 1, receivedAt: Date.now() });
    const event = `${run}:${i}`;
    return [
      { run, event, text: line },
      { run, event, text: JSON.stringify(bodyOf(normalized)) },
    ];
  }),
);

const seenIn = new Map<string, { events: Set<string>; runs: Set<number> }>();
for (const { run, event, text } of samples) {
  for (const fragment of text.split(/(?<=[,{[])/)) {
    if (fragment.length < 4 || fragment.length > MAX_FRAGMENT_CHARS || isOwn(fragment)) continue;
    const seen = seenIn.get(fragment) ?? { events: new Set<string>(), runs: new Set<number>() };
    seenIn.set(fragment, seen);
    seen.events.add(event);
    seen.runs.add(run);
  }
}
const ranked = [...seenIn]
  .filter(([, seen]) => seen.events.size >= 2 * RUNS && seen.runs.size === RUNS)
  .map(([fragment, seen]) => ({ fragment, score: seen.events.size * fragment.length }))
  .sort((a, b) => b.score - a.score);
const chosen: string[] = [];
let bytes = 0;
for (const { fragment } of ranked) {
  const size = Buffer.byteLength(fragment);
  if (bytes + size > MAX_DICTIONARY_BYTES) continue;
  chosen.push(fragment);
  bytes += size;
}
// Most valuable last: closest to the data being compressed.
const dictionary = chosen.reverse().join('');

const out = join(import.meta.dirname, `../../ingest/write/dictionaries/sdk-events-${version}.ts`);
writeFileSync(
  out,
  [
    `/**`,
    ` * Preset deflate dictionary ${version}, trained by \`packages/store/src/testing/dictionary-training/train-body-dictionary.ts\``,
    ` * on ${captured} events of the real \`@sentry/node\` SDK. Generated: never edit, never change once`,
    ` * released (stored rows name it); train a new version instead.`,
    ` */`,
    // `$\{` as an escape, so no linter reads the JSON as a template placeholder.
    `export const SDK_EVENTS_DICTIONARY_${version} = ${JSON.stringify(dictionary).replaceAll('${', '\\u0024{')};`,
    '',
  ].join('\n'),
);
process.stdout.write(`${captured} events, ${chosen.length} fragments, ${bytes} bytes -> ${out}\n`);
