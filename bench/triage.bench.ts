/**
 * Triage benchmark: how Dexter's daily triage loop performs at scale, in a real browser.
 * Dexter runs as its own process on a built-in store seeded through the store's own write path
 * (`triage/seed-store.ts`); Chromium (Debian's, headless) signs in and uses the web app; this
 * process drives both. Everything listens on 127.0.0.1 and everything is stopped at the end.
 *
 *   store A (10,000 issues, 3 projects):
 *   1. time to first rows: navigation start to the first issue row painted, first load fully cold,
 *      then warm reloads and reloads without browser cache; plus the API's cold first page;
 *   2. detail open: the context facade for distinct issues (API), and click-to-stack-trace in the
 *      browser;
 *   3. bulk throughput: resolve 5,000 issues with one bulk job against the store, then 5,000 others
 *      through a second Dexter in companion mode whose "Sentry" is the same store behind a proxy
 *      that allows 40 requests/s (and answers 429 beyond, as sentry.io does);
 *   store B (100,000 issues):
 *   4. scroll smoothness: the stream scrolled by wheel input for several seconds, frame times
 *      from a Chrome trace (target: p95 weighted by frame duration < 18 ms and at most 5 % of frames
 *      dropped or partial), rAF intervals as a cross-check.
 *
 *   npm run bench:triage
 *   BENCH_SECTIONS=scroll BENCH_SEED_CACHE_DIR=/tmp/triage-seeds npm run bench:triage
 *
 * Prints the workload and machine first, a readable summary, and as its last line one JSON object.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { benchSettings } from './lib/bench-settings';
import { describeMachine } from './lib/machine';
import { runBulkResolve } from './triage/bulk-throughput';
import { measureDetailOpen } from './triage/detail-open';
import { measureFirstRows } from './triage/first-rows';
import { startRateLimitedUpstream } from './triage/rate-limited-upstream';
import { measureScroll } from './triage/scroll-smoothness';
import { type SeedPlan, seedStoreCached, spreadSample } from './triage/seed-store';
import { openSignedInBrowser } from './triage/triage-browser';
import { startTriageDexter, type TriageDexter } from './triage/triage-dexter';
import { formatTriageSummary, type TriageRun, triageFigures } from './triage/triage-report';
import { buildWebBundle } from './triage/web-bundle';

const SECTIONS = ['first-rows', 'detail', 'bulk', 'scroll'] as const;

const SettingsSchema = z.object({
  BENCH_ISSUES: z.coerce.number().int().min(100).max(200_000).default(10_000),
  BENCH_SCROLL_ISSUES: z.coerce.number().int().min(100).max(1_000_000).default(100_000),
  BENCH_BULK_ISSUES: z.coerce.number().int().min(1).max(100_000).default(5_000),
  BENCH_UPSTREAM_LIMIT: z.coerce.number().positive().default(40),
  BENCH_FIRST_ROWS_REPEATS: z.coerce.number().int().min(1).max(50).default(5),
  BENCH_DETAIL_API_ISSUES: z.coerce.number().int().min(1).max(1000).default(40),
  BENCH_DETAIL_BROWSER_OPENS: z.coerce.number().int().min(0).max(100).default(10),
  BENCH_SCROLL_SECONDS: z.coerce.number().positive().max(120).default(10),
  BENCH_SCROLL_PX_PER_SECOND: z.coerce.number().positive().max(50_000).default(4000),
  /** A web bundle built elsewhere (`vite build --outDir`), served instead of a fresh build. */
  BENCH_WEB_DIST: z.string().min(1).optional(),
  /** Keep seeded stores here and copy them on later runs (opt-in: store B is over a gigabyte). */
  BENCH_SEED_CACHE_DIR: z.string().min(1).optional(),
  BENCH_SECTIONS: z
    .string()
    .default(SECTIONS.join(','))
    .transform((list) => new Set(list.split(',').map((name) => name.trim())))
    .refine((set) => [...set].every((name) => (SECTIONS as readonly string[]).includes(name)), {
      message: `a comma-separated subset of ${SECTIONS.join(',')}`,
    }),
});

const PROJECTS = ['storefront-api', 'checkout', 'billing-worker'];
const plan = (issues: number): SeedPlan => ({
  issues,
  // Fewer extra events on the large store: its job is many issues, and seeding time counts.
  extraEventsPerIssue: issues > 20_000 ? 0.2 : 0.5,
  projectSlugs: PROJECTS,
  spanDays: 14,
  seed: 7,
});

async function main(): Promise<void> {
  const s = benchSettings(SettingsSchema);
  const wanted = (name: (typeof SECTIONS)[number]) => s.BENCH_SECTIONS.has(name);
  const machine = describeMachine();
  const loadAtStart = loadavg()[0] ?? 0;
  const workload = {
    issues: s.BENCH_ISSUES,
    scrollIssues: s.BENCH_SCROLL_ISSUES,
    bulkIssues: s.BENCH_BULK_ISSUES,
    upstreamLimit: s.BENCH_UPSTREAM_LIMIT,
    firstRowsRepeats: s.BENCH_FIRST_ROWS_REPEATS,
    detailApiIssues: s.BENCH_DETAIL_API_ISSUES,
    detailBrowserOpens: s.BENCH_DETAIL_BROWSER_OPENS,
    scrollSeconds: s.BENCH_SCROLL_SECONDS,
    scrollPxPerSecond: s.BENCH_SCROLL_PX_PER_SECOND,
    sections: [...s.BENCH_SECTIONS].join(','),
    webDist: s.BENCH_WEB_DIST ?? 'fresh build of apps/web',
  };
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say(
    `triage bench on ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGb} GB, node ${machine.node}, ` +
      `${machine.os}, load average ${loadAtStart.toFixed(2)}\nworkload: ${JSON.stringify(workload)}`,
  );

  const scratch: string[] = [];
  const running: Array<{ stop(): Promise<void> }> = [];
  const stopRunning = async () => {
    for (const item of running.splice(0).reverse()) await item.stop().catch(() => {});
  };
  const stopAll = async () => {
    await stopRunning();
    for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));
  const tempDir = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    scratch.push(dir);
    return dir;
  };
  const start = async (options: Parameters<typeof startTriageDexter>[0]): Promise<TriageDexter> => {
    const dexter = await startTriageDexter(options);
    running.push(dexter);
    return dexter;
  };

  try {
    const web = buildWebBundle(s.BENCH_WEB_DIST);
    if (web.fresh) scratch.push(web.dir);
    say(`web bundle: ${web.dir} (${web.note})`);

    let smallStore: TriageRun['smallStore'] = null;
    let firstRows: TriageRun['firstRows'] = null;
    let detail: TriageRun['detail'] = null;
    let bulkDirect: TriageRun['bulkDirect'] = null;
    let bulkLimited: TriageRun['bulkLimited'] = null;
    if (wanted('first-rows') || wanted('detail') || wanted('bulk')) {
      const dataA = tempDir('dexter-triage-a-');
      const small = await seedStoreCached(dataA, plan(s.BENCH_ISSUES), s.BENCH_SEED_CACHE_DIR ?? null);
      say(`store A: ${small.issues} issues, ${small.events} events in ${small.seconds.toFixed(1)} s`);
      const dexterA = await start({ dataDir: dataA, webDist: web.dir });
      say(`dexter A: ${dexterA.url} (pid ${dexterA.pid}), standalone on store A`);

      if (wanted('first-rows') || wanted('detail')) {
        const browser = await openSignedInBrowser(dexterA);
        const browserEntry = { stop: () => browser.close() };
        running.push(browserEntry);
        if (wanted('first-rows')) {
          firstRows = await measureFirstRows(dexterA, browser, {
            repeats: s.BENCH_FIRST_ROWS_REPEATS,
            projectIds: small.projects.map((project) => project.id),
          });
          say(`first rows: first load ${firstRows.firstPaintMs.toFixed(0)} ms`);
        }
        if (wanted('detail')) {
          // Issues the browser part does not open (it clicks the first rows), spread over the store.
          const apiIssueIds = spreadSample(small.issueIds.slice(200), s.BENCH_DETAIL_API_ISSUES, 11);
          detail = await measureDetailOpen(dexterA, browser, {
            apiIssueIds,
            browserOpens: s.BENCH_DETAIL_BROWSER_OPENS,
          });
          say(`detail open: ${detail.apiMs.length} API, ${detail.browserMs.length} browser`);
        }
        running.splice(running.indexOf(browserEntry), 1);
        await browser.close();
      }

      if (wanted('bulk')) {
        const count = Math.min(s.BENCH_BULK_ISSUES, Math.floor(small.issueIds.length / 2));
        bulkDirect = await runBulkResolve(dexterA, small.issueIds.slice(0, count));
        say(`bulk against the store: ${bulkDirect.issuesPerSecond.toFixed(0)} issues/s`);

        if (!dexterA.storeToken) throw new Error('store A has no API token in bootstrap.json');
        const limiter = await startRateLimitedUpstream(dexterA.url, s.BENCH_UPSTREAM_LIMIT);
        running.push({ stop: () => limiter.close() });
        const companion = await start({
          dataDir: tempDir('dexter-triage-c-'),
          webDist: web.dir,
          org: dexterA.org,
          env: {
            SENTRY_URL: limiter.url,
            SENTRY_TOKEN: dexterA.storeToken,
            SENTRY_ORG: dexterA.org,
            DEXTER_ALLOW_PRIVATE_URLS: 'true',
            DEXTER_UPSTREAM_RATE: String(s.BENCH_UPSTREAM_LIMIT),
          },
        });
        say(
          `dexter C: ${companion.url} (pid ${companion.pid}), companion of ${limiter.url} -> dexter A's /api/0`,
        );
        const before = limiter.counts();
        const run = await runBulkResolve(companion, small.issueIds.slice(count, 2 * count));
        const after = limiter.counts();
        const forwarded: Record<string, number> = {};
        for (const [method, calls] of Object.entries(after.forwarded)) {
          forwarded[method] = calls - (before.forwarded[method] ?? 0);
        }
        bulkLimited = { ...run, proxy: { forwarded, refused: after.refused - before.refused } };
        say(
          `bulk through the ${s.BENCH_UPSTREAM_LIMIT} requests/s upstream: ${run.issuesPerSecond.toFixed(0)} issues/s`,
        );
      }
      // Store A's processes go; the web bundle stays for store B.
      await stopRunning();
      rmSync(dataA, { recursive: true, force: true });
      smallStore = small;
    }

    let largeStore: TriageRun['largeStore'] = null;
    let scroll: TriageRun['scroll'] = null;
    if (wanted('scroll')) {
      const dataB = tempDir('dexter-triage-b-');
      largeStore = await seedStoreCached(dataB, plan(s.BENCH_SCROLL_ISSUES), s.BENCH_SEED_CACHE_DIR ?? null);
      say(
        `store B: ${largeStore.issues} issues, ${largeStore.events} events in ${largeStore.seconds.toFixed(1)} s`,
      );
      const dexterB = await start({ dataDir: dataB, webDist: web.dir });
      say(`dexter B: ${dexterB.url} (pid ${dexterB.pid}), standalone on store B`);
      const browser = await openSignedInBrowser(dexterB);
      running.push({ stop: () => browser.close() });
      scroll = await measureScroll(dexterB, browser, {
        seconds: s.BENCH_SCROLL_SECONDS,
        pixelsPerSecond: s.BENCH_SCROLL_PX_PER_SECOND,
      });
    }
    await stopAll();

    const run: TriageRun = {
      machine,
      loadAverage: { start: loadAtStart, end: loadavg()[0] ?? 0 },
      workload,
      smallStore,
      largeStore,
      firstRows,
      detail,
      bulkDirect,
      bulkLimited,
      scroll,
    };
    const figures = triageFigures(run);
    say(`\n${formatTriageSummary(run, figures)}\n${JSON.stringify(figures)}`);
  } finally {
    await stopAll();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `triage bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
