/**
 * Tracing benchmark. Dexter runs as its own process (`npm start`'s bundle) on a fresh built-in
 * store; everything listens on 127.0.0.1 and is stopped at the end.
 *
 *   1. ingest: span ingest throughput. Transaction envelopes as `@sentry/node` sends them (each a
 *      transaction with BENCH_SPANS_PER_TX child spans, gzip), prepared beforehand and POSTed by
 *      BENCH_CONCURRENCY clients at once; each 200 means the spans are committed. Target: at least
 *      20,000 spans/s on this machine.
 *   2. view: the trace view of a 10,000-span trace (10 transactions of 1,000 spans chained like
 *      services calling each other): Chromium (Debian's, headless), signed in, opens
 *      `/{org}/traces/{id}`; navigation start to the first painted waterfall row, each trace
 *      opened once (no cache holds it). Target: under 1 s.
 *   3. summary: the transaction summary over BENCH_SUMMARY_SPANS spans (default 1,000,000: transactions
 *      of 50 spans over the last 23 hours, 20 routes, `tracing/summary-workload.ts`): each route's
 *      summary through Dexter's API (`/api/v1/…/performance/summary`, six upstream queries of
 *      `dataset=spans` against the store), each read once so no cache answers. Target: p95 under 300 ms.
 *
 *   npm run bench:tracing
 *   BENCH_TRANSACTIONS=50 BENCH_SECTIONS=ingest npm run bench:tracing
 *
 * Both sections also print Dexter's CPU time per unit of work (Linux /proc): on a machine shared with
 * other work, wall-clock figures mostly measure the neighbours; CPU time says what Dexter spent.
 *
 * Prints the workload and machine first, a readable summary, and as its last line one JSON object.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { benchSettings } from './lib/bench-settings';
import { describeMachine } from './lib/machine';
import { readCpuSeconds } from './lib/proc-stats';
import { newTraceId, traceEnvelopes, transactionEnvelope } from './tracing/span-envelopes';
import { postEnvelopes } from './tracing/span-ingest';
import { summaryEnvelopes } from './tracing/summary-workload';
import { measureTraceView } from './tracing/trace-first-paint';
import { openSignedInBrowser } from './triage/triage-browser';
import { startTriageDexter } from './triage/triage-dexter';
import { buildWebBundle } from './triage/web-bundle';

const SECTIONS = ['ingest', 'view', 'summary'] as const;
const TARGETS = { spanIngestPerSecond: 20_000, traceViewFirstPaintMs: 1000, transactionSummaryP95Ms: 300 };

const SettingsSchema = z.object({
  BENCH_TRANSACTIONS: z.coerce.number().int().min(5).max(10_000).default(200),
  BENCH_SPANS_PER_TX: z.coerce.number().int().min(1).max(1000).default(1000),
  BENCH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  BENCH_TRACE_SPANS: z.coerce.number().int().min(1000).max(25_000).default(10_000),
  BENCH_VIEW_REPEATS: z.coerce.number().int().min(1).max(20).default(5),
  BENCH_SUMMARY_SPANS: z.coerce.number().int().min(10_000).max(10_000_000).default(1_000_000),
  BENCH_SECTIONS: z
    .string()
    .default(SECTIONS.join(','))
    .transform((list) => new Set(list.split(',').map((name) => name.trim())))
    .refine((set) => [...set].every((name) => (SECTIONS as readonly string[]).includes(name)), {
      message: `a comma-separated subset of ${SECTIONS.join(',')}`,
    }),
});

const BootstrapSchema = z.object({
  projects: z.array(z.object({ id: z.string(), dsn: z.string() })).min(1),
});

const round = (value: number, digits = 1) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : null);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
};

/** Nearest rank: with 20 samples, the 19th slowest. */
const percentile95 = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(sorted.length * 0.95) - 1)] ?? Number.NaN;
};

async function main(): Promise<void> {
  const s = benchSettings(SettingsSchema);
  const wanted = (name: (typeof SECTIONS)[number]) => s.BENCH_SECTIONS.has(name);
  const machine = describeMachine();
  const loadAtStart = loadavg()[0] ?? 0;
  const workload = {
    transactions: s.BENCH_TRANSACTIONS,
    spansPerTransaction: s.BENCH_SPANS_PER_TX,
    concurrency: s.BENCH_CONCURRENCY,
    traceSpans: s.BENCH_TRACE_SPANS,
    viewRepeats: s.BENCH_VIEW_REPEATS,
    summarySpans: wanted('summary') ? s.BENCH_SUMMARY_SPANS : 0,
    sections: [...s.BENCH_SECTIONS].join(','),
  };
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say(
    `tracing bench on ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGb} GB, node ${machine.node}, ` +
      `${machine.os}, load average ${loadAtStart.toFixed(2)}\nworkload: ${JSON.stringify(workload)}`,
  );

  const dataDir = mkdtempSync(join(tmpdir(), 'dexter-tracing-bench-'));
  const cleanup: Array<() => Promise<void> | void> = [
    () => rmSync(dataDir, { recursive: true, force: true }),
  ];
  const stopAll = async () => {
    for (const step of cleanup.splice(0).reverse()) await Promise.resolve(step()).catch(() => {});
  };
  process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));
  try {
    const web = wanted('view')
      ? buildWebBundle()
      : { dir: join(dataDir, 'no-web'), fresh: false, note: 'not needed' };
    if (web.fresh) cleanup.push(() => rmSync(web.dir, { recursive: true, force: true }));
    say(`web bundle: ${web.dir} (${web.note})`);
    const dexter = await startTriageDexter({ dataDir, webDist: web.dir });
    cleanup.push(() => dexter.stop());
    say(`dexter: ${dexter.url} (pid ${dexter.pid}), standalone`);
    const project = BootstrapSchema.parse(JSON.parse(readFileSync(join(dataDir, 'bootstrap.json'), 'utf8')))
      .projects[0]!;
    const publicKey = new URL(project.dsn).username;
    const endpoint = `${dexter.url}/api/${project.id}/envelope/?sentry_version=7&sentry_key=${publicKey}`;
    const now = Date.now() / 1000 - 600;

    let ingest: Awaited<ReturnType<typeof postEnvelopes>> | null = null;
    let ingestCpuMsPer1000Spans = Number.NaN;
    if (wanted('ingest')) {
      const bodies = Array.from({ length: s.BENCH_TRANSACTIONS }, (_, i) =>
        transactionEnvelope({
          traceId: newTraceId(),
          parentSpanId: null,
          service: `service-${i % 4}`,
          spansPerTransaction: s.BENCH_SPANS_PER_TX,
          startSeconds: now + i * 0.01,
          publicKey,
        }),
      );
      const bytes = bodies.reduce((sum, b) => sum + b.body.length, 0);
      say(`ingest: ${bodies.length} envelopes prepared, ${(bytes / 1024 / 1024).toFixed(1)} MiB gzip`);
      // Warm-up: the ingest workers start and bundle their code on first use.
      await postEnvelopes(endpoint, bodies.slice(0, 2), 1);
      const cpuBefore = readCpuSeconds(dexter.pid);
      ingest = await postEnvelopes(endpoint, bodies.slice(2), s.BENCH_CONCURRENCY);
      ingestCpuMsPer1000Spans = ((readCpuSeconds(dexter.pid) - cpuBefore) * 1e6) / ingest.spans;
      say(
        `ingest: ${ingest.spans} spans in ${ingest.seconds.toFixed(2)} s = ${Math.round(ingest.spansPerSecond)} spans/s ` +
          `(statuses ${JSON.stringify(ingest.statuses)}); Dexter CPU ${round(ingestCpuMsPer1000Spans)} ms per 1,000 spans`,
      );
    }

    let view: Awaited<ReturnType<typeof measureTraceView>> | null = null;
    if (wanted('view')) {
      const perTx = 1000;
      const transactions = Math.ceil(s.BENCH_TRACE_SPANS / (perTx + 1));
      const traces = Array.from({ length: s.BENCH_VIEW_REPEATS + 1 }, () =>
        traceEnvelopes({ transactions, spansPerTransaction: perTx, publicKey, startSeconds: now }),
      );
      for (const trace of traces) {
        const run = await postEnvelopes(endpoint, trace.envelopes, 2);
        if (run.statuses[200] !== trace.envelopes.length)
          throw new Error(`trace ingest answered ${JSON.stringify(run.statuses)}`);
      }
      const spansPerTrace = traces[0]!.envelopes.reduce((sum, e) => sum + e.spans, 0);
      say(`view: ${traces.length} traces of ${spansPerTrace} spans stored`);
      const browser = await openSignedInBrowser(dexter);
      cleanup.push(() => browser.close());
      view = await measureTraceView(browser, {
        url: dexter.url,
        org: dexter.org,
        warmTraceId: traces[0]!.traceId,
        traceIds: traces.slice(1).map((t) => t.traceId),
        cpuSeconds: () => readCpuSeconds(dexter.pid),
      });
      say(
        `view: first row painted after ${view.firstPaintMs.map((ms) => Math.round(ms)).join(', ')} ms ` +
          `(median ${round(median(view.firstPaintMs))} ms), ${view.rowsInDom} rows in the DOM, ` +
          `answer ${(view.responseBytes / 1024).toFixed(0)} KiB, Dexter CPU per load ` +
          `${view.serverCpuMs.map((ms) => Math.round(ms)).join(', ')} ms`,
      );
    }
    let summary: { ms: number[]; spans: number; ingestSeconds: number; cpuMs: number[] } | null = null;
    if (wanted('summary')) {
      const routes = 20;
      const bodies = summaryEnvelopes({
        totalSpans: s.BENCH_SUMMARY_SPANS,
        spansPerTransaction: 50,
        routes,
        hours: 23,
        publicKey,
        nowSeconds: Date.now() / 1000 - 60,
      });
      say(`summary: ${bodies.length} transactions of 50 spans prepared`);
      const run = await postEnvelopes(endpoint, bodies, s.BENCH_CONCURRENCY);
      if (run.statuses[200] !== bodies.length)
        throw new Error(`summary ingest answered ${JSON.stringify(run.statuses)}`);
      say(`summary: ${run.spans} spans stored in ${run.seconds.toFixed(1)} s`);
      const SummarySchema = z.object({ figures: z.object({ count: z.number() }) });
      const path = (route: number, period: string) =>
        `/api/v1/organizations/${dexter.org}/performance/summary?statsPeriod=${period}&transaction=${encodeURIComponent(`GET /route-${route}`)}`;
      // Warm-up on another period, so the timed reads are each a first read of their query.
      await dexter.api(path(0, '7d'), SummarySchema);
      const ms: number[] = [];
      const cpuMs: number[] = [];
      for (let route = 0; route < routes; route++) {
        const cpuBefore = readCpuSeconds(dexter.pid);
        const started = performance.now();
        const answer = await dexter.api(path(route, '24h'), SummarySchema);
        ms.push(performance.now() - started);
        cpuMs.push((readCpuSeconds(dexter.pid) - cpuBefore) * 1000);
        if (answer.figures.count === 0) throw new Error(`summary of GET /route-${route} counted nothing`);
      }
      summary = { ms, spans: run.spans, ingestSeconds: run.seconds, cpuMs };
      say(
        `summary: ${routes} routes over ${run.spans} spans: ${ms.map((v) => Math.round(v)).join(', ')} ms ` +
          `(p95 ${round(percentile95(ms))} ms, median ${round(median(ms))} ms); Dexter CPU per summary ` +
          `${cpuMs.map((v) => Math.round(v)).join(', ')} ms`,
      );
    }
    await stopAll();

    const figures = {
      bench: 'tracing',
      machine,
      loadAverage: { start: round(loadAtStart, 2), end: round(loadavg()[0] ?? 0, 2) },
      workload,
      ingest: ingest && {
        spans: ingest.spans,
        seconds: round(ingest.seconds, 2),
        spansPerSecond: Math.round(ingest.spansPerSecond),
        dexterCpuMsPer1000Spans: round(ingestCpuMsPer1000Spans),
        statuses: ingest.statuses,
      },
      view: view && {
        firstPaintMs: view.firstPaintMs.map((ms) => round(ms)),
        rowsInDom: view.rowsInDom,
        dexterCpuMsPerLoad: view.serverCpuMs.map((ms) => round(ms)),
        responseBytes: view.responseBytes,
      },
      summary: summary && {
        spans: summary.spans,
        ingestSeconds: round(summary.ingestSeconds, 1),
        ms: summary.ms.map((v) => round(v)),
        dexterCpuMs: summary.cpuMs.map((v) => round(v)),
      },
      targets: {
        ...(summary && {
          transactionSummaryP95Ms: {
            value: round(percentile95(summary.ms)),
            target: TARGETS.transactionSummaryP95Ms,
            met: percentile95(summary.ms) < TARGETS.transactionSummaryP95Ms,
          },
        }),
        ...(ingest && {
          spanIngestPerSecond: {
            value: Math.round(ingest.spansPerSecond),
            target: TARGETS.spanIngestPerSecond,
            met: ingest.spansPerSecond >= TARGETS.spanIngestPerSecond,
          },
        }),
        ...(view && {
          traceViewFirstPaintMs: {
            value: round(median(view.firstPaintMs)),
            target: TARGETS.traceViewFirstPaintMs,
            met: median(view.firstPaintMs) < TARGETS.traceViewFirstPaintMs,
          },
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
    `tracing bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
