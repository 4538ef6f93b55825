/**
 * Similarity benchmark: the grouping engine's query at 100,000 indexed issues, in this process (the
 * engine is pure: no I/O, so a server around it would only add noise). Items are the engine's
 * deterministic synthetic stacks (shared framework frames at the bottom, rarer application frames
 * near the top); each query is a re-occurrence of a random indexed item (frames dropped, lines moved),
 * as a new issue of a known bug would be.
 *
 *   npm run bench:similarity
 *   BENCH_ITEMS=20000 BENCH_QUERIES=200 npm run bench:similarity
 *
 * Figures: add cost per item, query latency (p50/p95/max), CPU per query, event-loop lag while the
 * queries run one per macrotask (what other requests of a server would feel), and how often the
 * re-occurred item comes back first. Target: p95 query latency under 50 ms at 100,000 items.
 * Prints the workload and machine first, a readable summary, and as its last line one JSON object.
 */
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { createGroupingIndex, reoccurrence, seededRandom, syntheticItems } from '@dexter/grouping';
import { z } from 'zod';
import { benchSettings } from './lib/bench-settings';
import { describeMachine } from './lib/machine';
import { summarizeLatencies } from './lib/percentiles';

const TARGETS = { queryP95Ms: 50, topOneShare: 0.9 };

const SettingsSchema = z.object({
  BENCH_ITEMS: z.coerce.number().int().min(100).max(1_000_000).default(100_000),
  BENCH_QUERIES: z.coerce.number().int().min(10).max(100_000).default(500),
});

const round = (value: number, digits = 2) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : null);
const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

async function main(): Promise<void> {
  const s = benchSettings(SettingsSchema);
  const machine = describeMachine();
  const loadAtStart = loadavg()[0] ?? 0;
  const workload = { items: s.BENCH_ITEMS, queries: s.BENCH_QUERIES, limit: 10, itemSeed: 7, querySeed: 11 };
  process.stdout.write(
    `similarity bench: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, node ${machine.node}, ` +
      `${machine.os}, load average ${loadAtStart.toFixed(2)}\nworkload: ${JSON.stringify(workload)}\n`,
  );

  const items = syntheticItems({ count: s.BENCH_ITEMS, seed: 7 });
  const index = createGroupingIndex();
  const addCpu = process.cpuUsage();
  const addStart = performance.now();
  for (const item of items) index.add(item);
  const addMs = performance.now() - addStart;
  const addCpuMs = cpuMs(process.cpuUsage(addCpu));

  const random = seededRandom(11);
  const latencies: number[] = [];
  let found = 0;
  const lag = monitorEventLoopDelay({ resolution: 1 });
  lag.enable();
  const queryCpu = process.cpuUsage();
  for (let q = 0; q < s.BENCH_QUERIES; q++) {
    const target = items[Math.floor(random() * items.length)];
    if (target === undefined) continue;
    const query = reoccurrence(target, `query-${q}`, random);
    // One query per macrotask, as a server would run them between other requests.
    await nextMacrotask();
    const started = performance.now();
    const [best] = index.query(query, { limit: workload.limit });
    latencies.push(performance.now() - started);
    if (best?.id === target.id) found += 1;
  }
  const queryCpuMs = cpuMs(process.cpuUsage(queryCpu));
  lag.disable();

  const latency = summarizeLatencies(latencies);
  const sorted = [...latencies].sort((a, b) => a - b);
  const p95 = sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)] ?? Number.NaN;
  const topOne = found / Math.max(latencies.length, 1);
  const loadAtEnd = loadavg()[0] ?? 0;
  const figures = {
    bench: 'similarity',
    machine,
    loadAverage: { start: round(loadAtStart), end: round(loadAtEnd) },
    workload,
    add: { msPerItem: round(addMs / s.BENCH_ITEMS, 4), cpuMsPerItem: round(addCpuMs / s.BENCH_ITEMS, 4) },
    query: {
      p50Ms: round(latency.p50),
      p95Ms: round(p95),
      maxMs: round(latency.max),
      cpuMsPerQuery: round(queryCpuMs / Math.max(latencies.length, 1)),
    },
    eventLoopLagMs: {
      p50: round(lag.percentile(50) / 1e6),
      p99: round(lag.percentile(99) / 1e6),
      max: round(lag.max / 1e6),
    },
    targets: {
      queryP95Ms: { value: round(p95), target: TARGETS.queryP95Ms, met: p95 < TARGETS.queryP95Ms },
      topOneShare: {
        value: round(topOne, 3),
        target: TARGETS.topOneShare,
        met: topOne >= TARGETS.topOneShare,
      },
    },
  };
  process.stdout.write(
    `add ${figures.add.msPerItem} ms/item (CPU ${figures.add.cpuMsPerItem} ms); query p50 ${figures.query.p50Ms} ms, ` +
      `p95 ${figures.query.p95Ms} ms, max ${figures.query.maxMs} ms, CPU ${figures.query.cpuMsPerQuery} ms/query; ` +
      `event-loop lag p99 ${figures.eventLoopLagMs.p99} ms; re-occurred item first in ${found}/${latencies.length}\n`,
  );
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
