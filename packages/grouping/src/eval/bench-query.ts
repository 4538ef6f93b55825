// `tsx packages/grouping/src/eval/bench-query.ts [items]`: builds an index of synthetic items (default
// 100,000) and reports how long adding and querying take, to check the "milliseconds per query at
// 100k issues" budget. Not a test: timings depend on the machine.

import { createGroupingIndex } from '../index/grouping-index';
import { reoccurrence, seededRandom, syntheticItems } from './synthetic-items';

const count = Number(process.argv[2] ?? 100_000);
if (!Number.isInteger(count) || count < 1) {
  process.stderr.write('usage: bench-query [item count]\n');
  process.exit(2);
}
const items = syntheticItems({ count, seed: 7 });
const index = createGroupingIndex();
const addStart = performance.now();
for (const item of items) index.add(item);
const addMs = performance.now() - addStart;

const random = seededRandom(11);
const queries = 500;
let found = 0;
const latencies: number[] = [];
for (let q = 0; q < queries; q++) {
  const target = items[Math.floor(random() * items.length)];
  if (target === undefined) continue;
  const started = performance.now();
  const [best] = index.query(reoccurrence(target, `query-${q}`, random), { limit: 10 });
  latencies.push(performance.now() - started);
  if (best?.id === target.id) found += 1;
}
latencies.sort((a, b) => a - b);
const pct = (p: number) =>
  (latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0).toFixed(2);
process.stdout.write(
  `items ${count}: add ${(addMs / count).toFixed(3)} ms/item; query p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms, ` +
    `max ${pct(1)} ms; top-1 is the reoccurred item in ${found}/${queries}\n`,
);
