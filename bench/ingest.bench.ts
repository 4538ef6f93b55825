/**
 * Ingest benchmark of a whole Dexter server: how many realistic `@sentry/node` error events per
 * second it accepts and commits, at what latency, memory and CPU cost. The server runs as its own
 * process (measured through /proc, Linux only); this process plays many SDKs posting gzipped
 * ~50 KB envelopes over keep-alive connections. "Accepted" means 200 with the event's id, which
 * Dexter sends only after the SQLite commit; at the end the issue counts read back through the API
 * must add up to exactly the events accepted, and the issues to the distinct bugs sent.
 *
 *   npm run bench:ingest
 *   BENCH_SECONDS=10 BENCH_CONCURRENCY=64 npm run bench:ingest
 *   BENCH_CPU_PROF=1 npm run bench:ingest      # also profiles the server and prints its hot spots
 *
 * Other settings: BENCH_WARMUP_SECONDS (5), BENCH_MAX_EVENTS (ends the window early), BENCH_BUGS
 * (200), BENCH_VARIANTS (4 pre-built events per bug), BENCH_EVENT_KB (50), BENCH_SERVER_NODE_ARGS.
 *
 * A second section, on a fresh server, runs one keyed client (BENCH_UNAUTH_RATE events/s, 35)
 * alone and beside BENCH_UNAUTH_SENDERS (4) senders of a key-less gzip bomb, BENCH_UNAUTH_SECONDS
 * (10) each
 * (`ingest/unauthenticated-load.ts`); its figures are `unauthenticated_load` in the JSON.
 *   BENCH_SECTIONS=unauthenticated npm run bench:ingest     # only that section
 *
 * Prints a readable summary and, as its last line, one JSON object with the figures.
 */
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { buildBugCatalog } from './ingest/bug-catalog';
import { createBodyFactory } from './ingest/envelope-bodies';
import { type EventLoopLag, startLagWindow } from './ingest/event-loop-lag';
import { measureEventReads } from './ingest/event-reads';
import { formatIngestSummary, type IngestRun, ingestFigures } from './ingest/ingest-report';
import { runLoad } from './ingest/load-generator';
import { descendantsRssBytes } from './ingest/process-tree';
import {
  formatUnauthenticatedSummary,
  runUnauthenticatedLoad,
  type UnauthenticatedLoadFigures,
} from './ingest/unauthenticated-load';
import { benchSettings } from './lib/bench-settings';
import { formatProfileSummary, summarizeCpuProfile } from './lib/cpu-profile';
import { type DexterProcess, startDexterProcess } from './lib/dexter-process';
import { describeMachine } from './lib/machine';
import { readCpuSeconds, readMachineCpuSeconds, readMemory } from './lib/proc-stats';

const SECTIONS = ['throughput', 'unauthenticated'];

const SettingsSchema = z.object({
  BENCH_SECONDS: z.coerce.number().positive().max(3600).default(20),
  BENCH_WARMUP_SECONDS: z.coerce.number().min(0).max(600).default(5),
  BENCH_CONCURRENCY: z.coerce.number().int().min(1).max(1024).default(32),
  BENCH_MAX_EVENTS: z.coerce.number().int().min(1).default(1_000_000),
  BENCH_BUGS: z.coerce.number().int().min(1).max(10_000).default(200),
  BENCH_VARIANTS: z.coerce.number().int().min(1).max(100).default(4),
  BENCH_EVENT_KB: z.coerce.number().min(33).max(900).default(50),
  BENCH_CPU_PROF: z.enum(['0', '1', 'true', 'false']).default('0'),
  /** Extra node flags for the server, space-separated, e.g. `--max-old-space-size=256`. */
  BENCH_SERVER_NODE_ARGS: z.string().default(''),
  /** Comma-separated: `throughput`, `unauthenticated`. */
  BENCH_SECTIONS: z
    .string()
    .default('throughput,unauthenticated')
    .transform((value) => new Set(value.split(',').map((section) => section.trim())))
    .refine((sections) => [...sections].every((section) => SECTIONS.includes(section)), {
      message: `sections are ${SECTIONS.join(', ')}`,
    }),
  BENCH_UNAUTH_SECONDS: z.coerce.number().positive().max(600).default(10),
  BENCH_UNAUTH_SENDERS: z.coerce.number().int().min(1).max(64).default(4),
  /** Events per second of the keyed client (the probe's client sent about 35). */
  BENCH_UNAUTH_RATE: z.coerce.number().positive().max(1000).default(35),
});
type Settings = z.output<typeof SettingsSchema>;

const IssuesPageSchema = z.array(
  z.looseObject({ id: z.union([z.string(), z.number()]), count: z.union([z.string(), z.number()]) }),
);

async function main(): Promise<void> {
  const settings = benchSettings(SettingsSchema);
  const throughput = settings.BENCH_SECTIONS.has('throughput') ? await throughputSection(settings) : null;
  const unauthenticated = settings.BENCH_SECTIONS.has('unauthenticated')
    ? await unauthenticatedSection(settings)
    : null;
  const figures = {
    ...(throughput ? throughput.figures : {}),
    ...(unauthenticated ? { unauthenticated_load: unauthenticated } : {}),
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
  if (throughput && !throughput.ok) process.exitCode = 1;
}

/** The original section: throughput, latency, memory and CPU of realistic keyed ingest. */
async function throughputSection(settings: Settings) {
  const profile = settings.BENCH_CPU_PROF === '1' || settings.BENCH_CPU_PROF === 'true';
  const profileDir = profile ? mkdtempSync(join(tmpdir(), 'dexter-ingest-prof-')) : undefined;
  const machine = describeMachine();

  const server = await startDexterProcess({
    nodeArgs: [
      ...settings.BENCH_SERVER_NODE_ARGS.split(' ').filter((arg) => arg !== ''),
      ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    ],
  });
  let stopped = false;
  // Ctrl-C must not leave a server running or gigabytes of temp data behind.
  process.once('SIGINT', () => {
    void server.stop().finally(() => {
      server.removeDataDir();
      process.exit(130);
    });
  });
  try {
    const idle = readMemory(server.pid);
    // What an empty store takes (schema, bootstrap): not any event's bytes. The main file only: its
    // WAL may still hold copies of the same pages, and counting those would flatter the figure.
    const emptyDbBytes = statSync(join(server.dataDir, 'store.sqlite')).size;
    const project = server.bootstrap.projects[0];
    if (!project) throw new Error('bootstrap.json lists no project');
    const publicKey = decodeURIComponent(new URL(project.dsn).username);

    const buildStarted = performance.now();
    const bugs = buildBugCatalog(settings.BENCH_BUGS);
    const bodies = createBodyFactory({
      bugs,
      variantsPerBug: settings.BENCH_VARIANTS,
      eventBytes: settings.BENCH_EVENT_KB * 1000,
      zipfExponent: 1,
      projectId: project.id,
      publicKey,
    });
    const buildMs = performance.now() - buildStarted;
    const frameCounts = bugs.map((bug) => bug.frames.length);

    let cpuAtOpen = 0;
    let childrenRssBytes = 0;
    let cpuAtClose = 0;
    let machineAtOpen = readMachineCpuSeconds();
    let machineAtClose = machineAtOpen;
    let closeLagWindow: (() => Promise<EventLoopLag>) | undefined;
    let lagWindow: Promise<EventLoopLag> | undefined;
    const cpuAtStart = readCpuSeconds(server.pid);
    const load = await runLoad({
      origin: server.url,
      concurrency: settings.BENCH_CONCURRENCY,
      warmupMs: settings.BENCH_WARMUP_SECONDS * 1000,
      measureMs: settings.BENCH_SECONDS * 1000,
      maxMeasuredRequests: settings.BENCH_MAX_EVENTS,
      requestTimeoutMs: 30_000,
      next: bodies.next,
      onMeasureStart: () => {
        cpuAtOpen = readCpuSeconds(server.pid);
        machineAtOpen = readMachineCpuSeconds();
        closeLagWindow = startLagWindow(server.url);
      },
      onMeasureEnd: () => {
        childrenRssBytes = descendantsRssBytes(server.pid);
        cpuAtClose = readCpuSeconds(server.pid);
        machineAtClose = readMachineCpuSeconds();
        lagWindow = closeLagWindow?.();
      },
    });
    const cpuAtEnd = readCpuSeconds(server.pid);
    const end = readMemory(server.pid);
    const stored = await readStoredCounts(server);
    const lag = (await lagWindow) ?? { p50_ms: Number.NaN, p99_ms: Number.NaN, max_ms: Number.NaN };

    await server.stop();
    stopped = true;
    const reads = measureEventReads(server.dataDir);
    const run: IngestRun = {
      machine,
      settings: {
        concurrency: settings.BENCH_CONCURRENCY,
        warmupSeconds: settings.BENCH_WARMUP_SECONDS,
        bugs: settings.BENCH_BUGS,
        variantsPerBug: settings.BENCH_VARIANTS,
      },
      workload: {
        minFrames: Math.min(...frameCounts),
        maxFrames: Math.max(...frameCounts),
        envelopeBytes: bodies.meanEnvelopeBytes,
        wireBytes: bodies.meanWireBytes,
        buildMs,
      },
      server: {
        url: server.url,
        pid: server.pid,
        idle,
        end,
        childrenRssBytes,
        dbBytes: storeFileBytes(server.dataDir),
        emptyDbBytes,
      },
      serverCpu: { window: cpuAtClose - cpuAtOpen, total: cpuAtEnd - cpuAtStart },
      machineCpu: {
        busy: machineAtClose.busy - machineAtOpen.busy,
        total: machineAtClose.total - machineAtOpen.total,
      },
      load,
      stored,
      lag,
      reads,
    };
    const figures = ingestFigures(run);
    const profileText = profileDir ? `\n${profileReport(profileDir)}` : '';
    process.stdout.write(`${formatIngestSummary(run, figures)}\n${profileText}\n`);
    return { figures, ok: figures.consistent && figures.failed === 0 };
  } finally {
    if (!stopped) await server.stop();
    server.removeDataDir();
  }
}

/** Issue 23's section: a keyed client's accepted events beside senders of key-less gzip bombs. */
async function unauthenticatedSection(settings: Settings): Promise<UnauthenticatedLoadFigures> {
  const server = await startDexterProcess();
  try {
    const project = server.bootstrap.projects[0];
    if (!project) throw new Error('bootstrap.json lists no project');
    const bodies = createBodyFactory({
      bugs: buildBugCatalog(settings.BENCH_BUGS),
      variantsPerBug: settings.BENCH_VARIANTS,
      eventBytes: settings.BENCH_EVENT_KB * 1000,
      zipfExponent: 1,
      projectId: project.id,
      publicKey: decodeURIComponent(new URL(project.dsn).username),
    });
    const figures = await runUnauthenticatedLoad({
      origin: server.url,
      projectId: project.id,
      senders: settings.BENCH_UNAUTH_SENDERS,
      warmupMs: 2_000,
      measureMs: settings.BENCH_UNAUTH_SECONDS * 1000,
      serverPid: server.pid,
      ratePerSecond: settings.BENCH_UNAUTH_RATE,
      next: bodies.next,
    });
    process.stdout.write(`${formatUnauthenticatedSummary(figures)}\n\n`);
    return figures;
  } finally {
    await server.stop();
    server.removeDataDir();
  }
}

/** Sums `count` over every issue of the organization, page by page. */
async function readStoredCounts(server: DexterProcess): Promise<{ events: number; issues: number }> {
  const { org, token } = server.bootstrap;
  let events = 0;
  let issues = 0;
  for (let offset = 0; ; offset += 100) {
    const query = new URLSearchParams({ query: '', limit: '100', cursor: `0:${offset}:0` });
    const response = await fetch(
      `${server.url}/api/0/organizations/${encodeURIComponent(org)}/issues/?${query}`,
      {
        headers: { Authorization: `Bearer ${token}` },
      },
    );
    if (!response.ok) throw new Error(`issue list answered ${response.status}: ${await response.text()}`);
    const page = IssuesPageSchema.parse(await response.json());
    for (const issue of page) events += Number(issue.count);
    issues += page.length;
    if (page.length < 100) return { events, issues };
  }
}

function storeFileBytes(dataDir: string): number {
  return readdirSync(dataDir)
    .filter((name) => name.startsWith('store.sqlite'))
    .reduce((sum, name) => sum + statSync(join(dataDir, name)).size, 0);
}

function profileReport(profileDir: string): string {
  const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) return `no .cpuprofile was written to ${profileDir}`;
  const path = join(profileDir, file);
  return `server CPU profile (${path}):\n${formatProfileSummary(summarizeCpuProfile(path))}`;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `ingest bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
