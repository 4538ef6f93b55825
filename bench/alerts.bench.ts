/**
 * Alerts benchmark: what judging alert rules on ingest costs, and how fast a firing reaches its
 * receiver. Dexter runs as its own process (`npm start`'s bundle) on a fresh built-in store;
 * everything listens on 127.0.0.1 and is stopped at the end.
 *
 *   1. ingest throughput with 0 and with 1,000 active rules on the project (every event judged
 *      against all of them; order 0, N, N, 0), `bench:ingest`'s load (target: at most 10 % slower);
 *   2. fire latency: event acknowledged (its envelope's 200) -> signed webhook received by a local
 *      receiver, with the 1,000 rules active (target: p95 under 1 s).
 *
 *   npm run bench:alerts
 *   BENCH_SECONDS=10 BENCH_RULES=200 npm run bench:alerts
 *
 * Prints the workload and machine first, a readable summary, and as its last line one JSON object.
 */
import { loadavg } from 'node:os';
import { z } from 'zod';
import { measureFireLatency } from './alerts/fire-latency';
import { measureIngestWithRules } from './alerts/ingest-with-rules';
import { benchSettings } from './lib/bench-settings';
import { describeMachine } from './lib/machine';
import { percentile, summarizeLatencies } from './lib/percentiles';

const TARGETS = { ingestSlowdownPct: 10, fireLatencyP95Ms: 1000 };

const SettingsSchema = z.object({
  BENCH_RULES: z.coerce.number().int().min(1).max(10_000).default(1_000),
  BENCH_SECONDS: z.coerce.number().int().min(3).max(600).default(20),
  BENCH_WARMUP_SECONDS: z.coerce.number().int().min(0).max(60).default(3),
  BENCH_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  BENCH_BUGS: z.coerce.number().int().min(1).max(10_000).default(200),
  BENCH_SAMPLES: z.coerce.number().int().min(5).max(5_000).default(100),
});

const round = (value: number, digits = 1) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : null);

async function main(): Promise<void> {
  const s = benchSettings(SettingsSchema);
  const machine = describeMachine();
  const loadAtStart = loadavg()[0] ?? 0;
  const workload = {
    rules: s.BENCH_RULES,
    ingestSeconds: s.BENCH_SECONDS,
    warmupSeconds: s.BENCH_WARMUP_SECONDS,
    concurrency: s.BENCH_CONCURRENCY,
    bugs: s.BENCH_BUGS,
    eventBytes: 50_000,
    latencySamples: s.BENCH_SAMPLES,
  };
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say(
    `alerts bench on ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGb} GB, node ${machine.node}, ` +
      `${machine.os}, load average ${loadAtStart.toFixed(2)}\nworkload: ${JSON.stringify(workload)}`,
  );

  const ingest = await measureIngestWithRules(
    {
      seconds: s.BENCH_SECONDS,
      warmupSeconds: s.BENCH_WARMUP_SECONDS,
      concurrency: s.BENCH_CONCURRENCY,
      bugs: s.BENCH_BUGS,
      rules: s.BENCH_RULES,
    },
    say,
  );
  say(
    `ingest: ${ingest.without.toFixed(0)} events/s without rules, ${ingest.withRules.toFixed(0)} with ` +
      `${s.BENCH_RULES} (${ingest.slowdownPct.toFixed(1)} % slower)`,
  );

  const latencies = await measureFireLatency({ rules: s.BENCH_RULES, samples: s.BENCH_SAMPLES });
  const spread = {
    ...summarizeLatencies(latencies),
    p95: percentile(
      [...latencies].sort((a, b) => a - b),
      95,
    ),
  };
  say(
    `fire latency (ack -> webhook received): p50 ${round(spread.p50)} ms, p95 ${round(spread.p95)} ms, ` +
      `max ${round(spread.max)} ms over ${spread.count} firings`,
  );

  const figures = {
    bench: 'alerts',
    machine,
    loadAverage: { start: round(loadAtStart, 2), end: round(loadavg()[0] ?? 0, 2) },
    workload,
    ingest: {
      runs: ingest.runs.map((r) => ({
        ...r,
        eventsPerS: round(r.eventsPerS),
        serverCpuMsPerEvent: round(r.serverCpuMsPerEvent, 2),
      })),
      eventsPerSWithout: round(ingest.without),
      eventsPerSWith: round(ingest.withRules),
    },
    fireLatencyMs: {
      p50: round(spread.p50),
      p90: round(spread.p90),
      p95: round(spread.p95),
      max: round(spread.max),
      n: spread.count,
    },
    targets: {
      ingestSlowdownPct: {
        value: round(ingest.slowdownPct),
        target: TARGETS.ingestSlowdownPct,
        met: ingest.slowdownPct <= TARGETS.ingestSlowdownPct,
      },
      fireLatencyP95Ms: {
        value: round(spread.p95),
        target: TARGETS.fireLatencyP95Ms,
        met: spread.p95 < TARGETS.fireLatencyP95Ms,
      },
    },
  };
  say(`\n${JSON.stringify(figures)}`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `alerts bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
