/**
 * Releases benchmark: the release timeline's query and the release list's load at the issue's
 * scale. Dexter runs as its own process (`npm start`'s bundle) on a built-in store filled by the
 * store's timeline fixture; Chromium (Debian's, headless) signs in and opens the release list.
 * Everything listens on 127.0.0.1 and is stopped at the end.
 *
 *   1. timeline: events per hour per release over 14 days (top 10 releases and the rest),
 *      1,000,000 events in the store, through the store's `events-timeseries` as the gateway
 *      calls it, and through Dexter's own timeline route (the browser's path: gateway, upstream
 *      cache missed on purpose by rotating filters); p50/p95, Dexter CPU per query, and `/healthz`
 *      latency while the queries run (the event loop's lag as other clients feel it);
 *   2. release list: 500 releases; navigation to the first painted row in the browser (target
 *      under 300 ms), and full reloads without browser cache for reference.
 *
 *   npm run bench:releases
 *   BENCH_EVENTS=200000 BENCH_SECTIONS=timeline npm run bench:releases
 *
 * Prints the workload and machine first, a readable summary, and as its last line one JSON object.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { benchSettings } from './lib/bench-settings';
import { describeMachine } from './lib/machine';
import { summarizeLatencies } from './lib/percentiles';
import { measureReleaseList } from './releases/release-list-first-rows';
import { seedReleasesStore } from './releases/releases-store';
import { measureTimeline, type TimelineLatency } from './releases/timeline-latency';
import { openSignedInBrowser } from './triage/triage-browser';
import { startTriageDexter } from './triage/triage-dexter';
import { buildWebBundle } from './triage/web-bundle';

const SECTIONS = ['timeline', 'list'] as const;
const TARGETS = { timelineP95Ms: 200, releaseListFirstRowsMs: 300 };

const SettingsSchema = z.object({
  BENCH_EVENTS: z.coerce.number().int().min(1000).max(5_000_000).default(1_000_000),
  BENCH_RELEASES: z.coerce.number().int().min(2).max(5000).default(500),
  BENCH_ISSUES: z.coerce.number().int().min(1).max(100_000).default(2_000),
  BENCH_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  BENCH_QUERIES: z.coerce.number().int().min(5).max(1000).default(60),
  BENCH_REPEATS: z.coerce.number().int().min(1).max(50).default(7),
  BENCH_SECTIONS: z
    .string()
    .default(SECTIONS.join(','))
    .transform((list) => new Set(list.split(',').map((name) => name.trim())))
    .refine((set) => [...set].every((name) => (SECTIONS as readonly string[]).includes(name)), {
      message: `a comma-separated subset of ${SECTIONS.join(',')}`,
    }),
});

const ENVIRONMENTS = 3;
const round = (value: number, digits = 1) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : null);
const spread = (values: number[]) => {
  const s = summarizeLatencies(values);
  return { n: s.count, p50: round(s.p50), p90: round(s.p90), p99: round(s.p99), max: round(s.max) };
};
const p95 = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)] ?? Number.NaN;
};
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
};
const target = (figure: number, limit: number) => ({
  figure: round(figure),
  target: limit,
  met: figure < limit,
});

function timelineFigures(run: TimelineLatency) {
  return {
    p95Ms: round(p95(run.ms)),
    latencyMs: spread(run.ms),
    cpuMsPerQuery: round(run.cpuMsPerQuery, 2),
    healthzDuringMs: spread(run.probeMs),
    series: run.series,
  };
}

async function main(): Promise<void> {
  const s = benchSettings(SettingsSchema);
  const wanted = (name: (typeof SECTIONS)[number]) => s.BENCH_SECTIONS.has(name);
  const machine = describeMachine();
  const loadAtStart = loadavg()[0] ?? 0;
  const workload = {
    events: s.BENCH_EVENTS,
    releases: s.BENCH_RELEASES,
    environments: ENVIRONMENTS,
    issues: s.BENCH_ISSUES,
    days: s.BENCH_DAYS,
    timelineQueries: s.BENCH_QUERIES,
    browserRepeats: s.BENCH_REPEATS,
    sections: [...s.BENCH_SECTIONS].join(','),
  };
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say(
    `releases bench on ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGb} GB, node ${machine.node}, ` +
      `${machine.os}, load average ${loadAtStart.toFixed(2)}\nworkload: ${JSON.stringify(workload)}`,
  );

  const dataDir = mkdtempSync(join(tmpdir(), 'dexter-releases-bench-'));
  const cleanup: Array<() => Promise<void> | void> = [
    () => rmSync(dataDir, { recursive: true, force: true }),
  ];
  const stopAll = async () => {
    for (const step of cleanup.splice(0).reverse()) await Promise.resolve(step()).catch(() => {});
  };
  process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));
  try {
    const web = buildWebBundle();
    if (web.fresh) cleanup.push(() => rmSync(web.dir, { recursive: true, force: true }));
    say(`web bundle: ${web.dir} (${web.note})`);
    const store = await seedReleasesStore(dataDir, {
      events: s.BENCH_EVENTS,
      releases: s.BENCH_RELEASES,
      environments: ENVIRONMENTS,
      issues: s.BENCH_ISSUES,
      days: s.BENCH_DAYS,
      sessions: 200_000,
    });
    say(
      `store: ${store.events} events, ${store.releases.length} releases, ${store.issueIds.length} issues, ` +
        `${store.rollupRows} rollup rows, seeded in ${store.seconds.toFixed(1)} s`,
    );
    const dexter = await startTriageDexter({ dataDir, webDist: web.dir });
    cleanup.push(() => dexter.stop());
    say(`dexter: ${dexter.url} (pid ${dexter.pid}), standalone`);
    const org = encodeURIComponent(dexter.org);

    let storeTimeline: ReturnType<typeof timelineFigures> | null = null;
    if (wanted('timeline')) {
      if (!dexter.storeToken) throw new Error('the store has no API token in bootstrap.json');
      const filters = ['', ...store.environments.map((env) => `&environment=${encodeURIComponent(env)}`)];
      const run = await measureTimeline(
        {
          url: dexter.url,
          pid: dexter.pid,
          headers: { authorization: `Bearer ${dexter.storeToken}` },
          path: (i) =>
            `/api/0/organizations/${org}/events-timeseries/?dataset=errors&yAxis=count()&groupBy=release` +
            `&topEvents=10&sort=-count()&interval=3600&statsPeriod=${s.BENCH_DAYS}d` +
            `${i % 2 ? `&project=${store.projectId}` : ''}${filters[i % filters.length]}`,
        },
        { warmup: 5, queries: s.BENCH_QUERIES },
      );
      storeTimeline = timelineFigures(run);
      say(
        `timeline (store events-timeseries): p95 ${storeTimeline.p95Ms} ms, ${storeTimeline.series} series`,
      );
    }

    let list: Awaited<ReturnType<typeof measureReleaseList>> | null = null;
    if (wanted('list')) {
      const browser = await openSignedInBrowser(dexter);
      cleanup.push(() => browser.close());
      list = await measureReleaseList(browser, {
        url: dexter.url,
        org: dexter.org,
        repeats: s.BENCH_REPEATS,
      });
      say(`release list: navigation median ${round(median(list.navigateMs))} ms, ${list.rows} rows shown`);
    }
    await stopAll();

    const figures = {
      bench: 'releases',
      machine,
      loadAverage: { start: round(loadAtStart, 2), end: round(loadavg()[0] ?? 0, 2) },
      workload,
      store: { seedSeconds: round(store.seconds), rollupRows: store.rollupRows },
      timelineStore: storeTimeline,
      releaseList: list && {
        coldNavigateMs: round(list.coldNavigateMs),
        lastNavigationSteps: list.lastNavigationSteps,
        navigateMs: spread(list.navigateMs),
        reloadNoCacheMs: spread(list.reloadMs),
        rowsShown: list.rows,
      },
      targets: {
        ...(storeTimeline && {
          timelineP95Ms: target(storeTimeline.p95Ms ?? Number.NaN, TARGETS.timelineP95Ms),
        }),
        ...(list && {
          releaseListFirstRowsMs: target(median(list.navigateMs), TARGETS.releaseListFirstRowsMs),
        }),
      },
    };
    say(`\n${JSON.stringify(figures)}`);
  } finally {
    await stopAll();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `releases bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
