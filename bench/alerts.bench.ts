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
 *   BENCH_SECTIONS=ingest npm run bench:alerts           # only section 1 (or `latency`: only 2)
 *   BENCH_SECTIONS=ingest BENCH_CPU_PROF=1 npm run bench:alerts   # profiles each ingest server
 *   BENCH_SECTIONS=ingest BENCH_SERVER_NODE_ARGS="--import ./bench/lib/sqlite-timing.preload.mjs" \
 *     SQLITE_TIMING_FILE=/tmp/alerts-sql npm run bench:alerts      # SQL time per statement, per server
 *
 * Profiled servers run from the TypeScript sources (so the profile names files), which is slower:
 * compare a profiled run's figures only with another profiled run's.
 *
 * Prints the workload and machine first, a readable summary, and as its last line one JSON object.
 */
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { measureFireLatency } from './alerts/fire-latency';
import { measureIngestWithRules } from './alerts/ingest-with-rules';
import { benchSettings } from './lib/bench-settings';
import { describeMachine } from './lib/machine';
import { percentile, summarizeLatencies } from './lib/percentiles';

const TARGETS = { ingestSlowdownPct: 10, fireLatencyP95Ms: 1000 };
const SECTIONS = ['ingest', 'latency'] as const;

const SettingsSchema = z.object({
  BENCH_RULES: z.coerce.number().int().min(1).max(10_000).default(1_000),
  BENCH_SECONDS: z.coerce.number().int().min(3).max(600).default(20),
  BENCH_WARMUP_SECONDS: z.coerce.number().int().min(0).max(60).default(3),
  BENCH_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  BENCH_BUGS: z.coerce.number().int().min(1).max(10_000).default(200),
  BENCH_SAMPLES: z.coerce.number().int().min(5).max(5_000).default(100),
  /** Comma-separated: `ingest` (section 1), `latency` (section 2). */
  BENCH_SECTIONS: z
    .string()
    .default(SECTIONS.join(','))
    .transform((value) => new Set(value.split(',').map((section) => section.trim())))
    .refine(
      (sections) => [...sections].every((section) => (SECTIONS as readonly string[]).includes(section)),
      {
        message: `sections are ${SECTIONS.join(', ')}`,
      },
    ),
  BENCH_CPU_PROF: z.enum(['0', '1', 'true', 'false']).default('0'),
  /** Extra node flags for the ingest servers, space-separated (e.g. the SQLite timing preload). */
  BENCH_SERVER_NODE_ARGS: z.string().default(''),
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
  const profiling = s.BENCH_CPU_PROF === '1' || s.BENCH_CPU_PROF === 'true';
  say(
    `alerts bench on ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGb} GB, node ${machine.node}, ` +
      `${machine.os}, load average ${loadAtStart.toFixed(2)}\nworkload: ${JSON.stringify(workload)}`,
  );

  const ingest = s.BENCH_SECTIONS.has('ingest')
    ? await measureIngestWithRules(
        {
          seconds: s.BENCH_SECONDS,
          warmupSeconds: s.BENCH_WARMUP_SECONDS,
          concurrency: s.BENCH_CONCURRENCY,
          bugs: s.BENCH_BUGS,
          rules: s.BENCH_RULES,
          profileDir: profiling ? mkdtempSync(join(tmpdir(), 'dexter-alerts-prof-')) : undefined,
          serverNodeArgs: s.BENCH_SERVER_NODE_ARGS.split(' ').filter((arg) => arg !== ''),
        },
        say,
      )
    : null;
  if (ingest)
    say(
      `ingest: ${ingest.without.toFixed(0)} events/s without rules, ${ingest.withRules.toFixed(0)} with ` +
        `${s.BENCH_RULES} (${ingest.slowdownPct.toFixed(1)} % slower); server CPU ` +
        `${ingest.cpuWithout.toFixed(2)} vs ${ingest.cpuWithRules.toFixed(2)} ms/event`,
    );

  const latency = s.BENCH_SECTIONS.has('latency')
    ? await latencySection(s.BENCH_RULES, s.BENCH_SAMPLES)
    : null;
  if (latency)
    say(
      `fire latency (ack -> webhook received): p50 ${round(latency.p50)} ms, p95 ${round(latency.p95)} ms, ` +
        `max ${round(latency.max)} ms over ${latency.count} firings`,
    );

  const figures = {
    bench: 'alerts',
    machine,
    loadAverage: { start: round(loadAtStart, 2), end: round(loadavg()[0] ?? 0, 2) },
    workload,
    ingest: ingest && {
      runs: ingest.runs.map(({ measuredWindow: _, ...r }) => ({
        ...r,
        eventsPerS: round(r.eventsPerS),
        serverCpuMsPerEvent: round(r.serverCpuMsPerEvent, 2),
      })),
      eventsPerSWithout: round(ingest.without),
      eventsPerSWith: round(ingest.withRules),
      serverCpuMsPerEventWithout: round(ingest.cpuWithout, 2),
      serverCpuMsPerEventWith: round(ingest.cpuWithRules, 2),
    },
    fireLatencyMs: latency && {
      p50: round(latency.p50),
      p90: round(latency.p90),
      p95: round(latency.p95),
      max: round(latency.max),
      n: latency.count,
    },
    targets: {
      ...(ingest && {
        ingestSlowdownPct: {
          value: round(ingest.slowdownPct),
          target: TARGETS.ingestSlowdownPct,
          met: ingest.slowdownPct <= TARGETS.ingestSlowdownPct,
        },
      }),
      ...(latency && {
        fireLatencyP95Ms: {
          value: round(latency.p95),
          target: TARGETS.fireLatencyP95Ms,
          met: latency.p95 < TARGETS.fireLatencyP95Ms,
        },
      }),
    },
  };
  say(`\n${JSON.stringify(figures)}`);
}

async function latencySection(rules: number, samples: number) {
  const latencies = await measureFireLatency({ rules, samples });
  const spread = summarizeLatencies(latencies);
  const p95 = percentile(
    [...latencies].sort((a, b) => a - b),
    95,
  );
  return { ...spread, p95 };
}

main().catch((error: unknown) => {
  process.stderr.write(
    `alerts bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
