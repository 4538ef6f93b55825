/**
 * Discover benchmark: the store's Discover queries at the issue's scale, and what feeding their
 * rollup costs ingest. Dexter runs as its own process (`npm start`'s bundle) on a built-in store
 * filled by the Discover fixture (`seedDiscoverFixture`: 1,000,000 events over 14 days, a `tenant`
 * tag with 1,000 values in a long tail, 20,000 users, a dozen tags per event, the rollup filled by
 * the write path's code and its settled buckets packed as the store's background work does). Everything listens on 127.0.0.1 and is stopped at the end.
 *
 *   1. queries, over HTTP as the gateway calls the store (`/api/0/organizations/{org}/events/` and
 *      `events-stats/`), rotating the environment filter so no two consecutive answers repeat:
 *      count() by tenant, count_unique(user) by tenant (14 days), count() and count_unique(user) per
 *      hour (14 days), each with the 300 ms p95 target;
 *      p50/p95, Dexter CPU per query, `/healthz` latency meanwhile; plus, for reference, what the
 *      scan engine (any query the rollup cannot answer) costs over 1 day and 14 days;
 *   2. ingest: `bench:ingest`'s load against fresh Dexters with the rollup off and on
 *      (`discover/ingest-ab.ts`); the target is on >= 90 % of off.
 *
 *   npm run bench:discover
 *   BENCH_EVENTS=200000 BENCH_SECTIONS=queries npm run bench:discover
 *
 * Prints the workload and machine first, a readable summary, and as its last line one JSON object
 * whose `targets` hold {value, target, met} per target.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore, seedDiscoverFixture } from '@dexter/store/testing';
import { z } from 'zod';
import { measureIngestAb } from './discover/ingest-ab';
import { benchSettings } from './lib/bench-settings';
import { repoRoot } from './lib/dexter-process';
import { describeMachine } from './lib/machine';
import { summarizeLatencies } from './lib/percentiles';
import { measureTimeline, type TimelineLatency } from './releases/timeline-latency';
import { startTriageDexter } from './triage/triage-dexter';
import { buildWebBundle } from './triage/web-bundle';

const SECTIONS = ['queries', 'ingest'] as const;
const TARGETS = { queryP95Ms: 300, ingestRatio: 0.9 };

const SettingsSchema = z.object({
  BENCH_EVENTS: z.coerce.number().int().min(1000).max(5_000_000).default(1_000_000),
  BENCH_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  BENCH_TENANTS: z.coerce.number().int().min(2).max(100_000).default(1000),
  BENCH_USERS: z.coerce.number().int().min(1).max(10_000_000).default(20_000),
  BENCH_QUERIES: z.coerce.number().int().min(5).max(1000).default(40),
  BENCH_INGEST_SECONDS: z.coerce.number().positive().max(600).default(15),
  BENCH_INGEST_WARMUP_SECONDS: z.coerce.number().min(0).max(120).default(5),
  BENCH_CONCURRENCY: z.coerce.number().int().min(1).max(1024).default(32),
  BENCH_SECTIONS: z
    .string()
    .default(SECTIONS.join(','))
    .transform((list) => new Set(list.split(',').map((name) => name.trim())))
    .refine((set) => [...set].every((name) => (SECTIONS as readonly string[]).includes(name)), {
      message: `a comma-separated subset of ${SECTIONS.join(',')}`,
    }),
});

const round = (value: number, digits = 1) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : null);
const p95 = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)] ?? Number.NaN;
};
const spread = (values: number[]) => {
  const s = summarizeLatencies(values);
  return { n: s.count, p50: round(s.p50), p90: round(s.p90), p99: round(s.p99), max: round(s.max) };
};
const below = (value: number, limit: number) => ({ value: round(value), target: limit, met: value < limit });

const FILTERS = ['', '&environment=production', '&environment=staging', '&environment=development'];

async function main(): Promise<void> {
  const s = benchSettings(SettingsSchema);
  const machine = describeMachine();
  const loadAtStart = loadavg()[0] ?? 0;
  const workload = {
    events: s.BENCH_EVENTS,
    days: s.BENCH_DAYS,
    tenants: s.BENCH_TENANTS,
    users: s.BENCH_USERS,
    environments: 3,
    tagsPerEvent: 11,
    queriesPerShape: s.BENCH_QUERIES,
    ingestSecondsPerRun: s.BENCH_INGEST_SECONDS,
    sections: [...s.BENCH_SECTIONS].join(','),
  };
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say(
    `discover bench on ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGb} GB, node ${machine.node}, ` +
      `${machine.os}, load average ${loadAtStart.toFixed(2)}\nworkload: ${JSON.stringify(workload)}`,
  );

  const cleanup: Array<() => Promise<void> | void> = [];
  const stopAll = async () => {
    for (const step of cleanup.splice(0).reverse()) await Promise.resolve(step()).catch(() => {});
  };
  process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));
  const figures: Record<string, unknown> = { bench: 'discover', machine, workload };
  const targets: Record<string, { value: number | null; target: number; met: boolean }> = {};
  try {
    if (s.BENCH_SECTIONS.has('queries')) {
      const dataDir = mkdtempSync(join(tmpdir(), 'dexter-discover-bench-'));
      cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
      const boot = await createStore({ dataDir, ingestWorkers: 0 });
      let projectId: string;
      try {
        projectId = (await boot.bootstrap({ publicUrl: 'http://127.0.0.1:9', projectSlug: 'app' }))
          .projects[0]!.id;
      } finally {
        await boot.close();
      }
      const store = seedDiscoverFixture(
        { dataDir, projectId },
        {
          events: s.BENCH_EVENTS,
          days: s.BENCH_DAYS,
          tenants: s.BENCH_TENANTS,
          users: s.BENCH_USERS,
          issues: 300,
        },
      );
      say(
        `store: ${store.events} events, rollup ${store.hourRows} hour rows and ${store.dayRows} day rows ` +
          `(${store.packedRows} packed rows for the settled buckets, packed in ${store.packSeconds.toFixed(1)} s), ` +
          `seeded in ${store.seconds.toFixed(1)} s`,
      );
      const dist = join(repoRoot, 'apps/web/dist');
      const web = existsSync(join(dist, 'index.html'))
        ? { dir: dist, note: 'apps/web/dist' }
        : buildWebBundle();
      const dexter = await startTriageDexter({ dataDir, webDist: web.dir });
      cleanup.push(() => dexter.stop());
      if (!dexter.storeToken) throw new Error('the store has no API token in bootstrap.json');
      say(`dexter: ${dexter.url} (pid ${dexter.pid}), standalone`);
      const headers = { authorization: `Bearer ${dexter.storeToken}` };
      const org = `/api/0/organizations/${encodeURIComponent(dexter.org)}`;
      const period = `statsPeriod=${s.BENCH_DAYS}d`;
      const shapes = {
        countByTenant: `${org}/events/?field=tenant&field=count()&${period}&per_page=100`,
        usersByTenant: `${org}/events/?field=tenant&field=count_unique(user)&${period}&per_page=100`,
        hourlySeries: `${org}/events-stats/?yAxis=count()&${period}&interval=1h`,
        hourlyUsersSeries: `${org}/events-stats/?yAxis=count_unique(user)&${period}&interval=1h`,
      };
      const queries: Record<string, unknown> = {};
      for (const [name, path] of Object.entries(shapes)) {
        const first = await fetch(`${dexter.url}${path}`, { headers });
        const body = (await first.json()) as { data?: unknown[] };
        const engine = first.headers.get('x-dexter-discover-engine');
        if (!first.ok)
          throw new Error(`${name} answered ${first.status}: ${JSON.stringify(body).slice(0, 300)}`);
        const run: TimelineLatency = await measureTimeline(
          { url: dexter.url, pid: dexter.pid, headers, path: (i) => `${path}${FILTERS[i % FILTERS.length]}` },
          { warmup: 3, queries: s.BENCH_QUERIES },
        );
        const rows = body.data?.length ?? 0;
        queries[name] = {
          engine,
          rows,
          p95Ms: round(p95(run.ms)),
          latencyMs: spread(run.ms),
          cpuMsPerQuery: round(run.cpuMsPerQuery, 2),
          healthzDuringMs: spread(run.probeMs),
        };
        say(
          `${name} (${engine}, ${rows} rows or points): p50 ${round(summarizeLatencies(run.ms).p50)} ms, ` +
            `p95 ${round(p95(run.ms))} ms, CPU ${round(run.cpuMsPerQuery, 2)} ms/query`,
        );
        targets[`${name}P95Ms`] = below(p95(run.ms), TARGETS.queryP95Ms);
      }
      // The scan engine, for reference: a condition the rollup does not carry (level) forces it.
      const scans: Record<string, unknown> = {};
      for (const days of [1, s.BENCH_DAYS]) {
        const path = `${org}/events/?field=tenant&field=count()&query=level:error&statsPeriod=${days}d&per_page=100`;
        const started = performance.now();
        const response = await fetch(`${dexter.url}${path}`, { headers });
        await response.arrayBuffer();
        const ms = performance.now() - started;
        scans[`countByTenantLevelError${days}d`] = {
          engine: response.headers.get('x-dexter-discover-engine'),
          ms: round(ms),
        };
        say(`scan reference: count() by tenant where level:error over ${days} d: ${round(ms)} ms (one run)`);
      }
      figures.store = {
        seedSeconds: round(store.seconds),
        hourRows: store.hourRows,
        dayRows: store.dayRows,
        packedRows: store.packedRows,
        packSeconds: round(store.packSeconds),
      };
      figures.queries = queries;
      figures.scanReference = scans;
      await stopAll();
    }

    if (s.BENCH_SECTIONS.has('ingest')) {
      say('ingest: rollup off, on, on, off');
      const ab = await measureIngestAb(
        {
          seconds: s.BENCH_INGEST_SECONDS,
          warmupSeconds: s.BENCH_INGEST_WARMUP_SECONDS,
          concurrency: s.BENCH_CONCURRENCY,
          bugs: 200,
        },
        say,
      );
      say(
        `ingest: ${ab.on.toFixed(0)} events/s with the rollup fed, ${ab.off.toFixed(0)} without: ` +
          `${(ab.ratio * 100).toFixed(1)} %`,
      );
      figures.ingest = {
        runs: ab.runs.map((r) => ({ ...r, eventsPerS: round(r.eventsPerS) })),
        offEventsPerS: round(ab.off),
        onEventsPerS: round(ab.on),
      };
      targets.ingestRatio = {
        value: round(ab.ratio, 3),
        target: TARGETS.ingestRatio,
        met: ab.ratio >= TARGETS.ingestRatio,
      };
    }
    figures.loadAverage = { start: round(loadAtStart, 2), end: round(loadavg()[0] ?? 0, 2) };
    figures.targets = targets;
    say(`\n${JSON.stringify(figures)}`);
  } finally {
    await stopAll();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `discover bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
