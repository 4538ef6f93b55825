/**
 * Ingest throughput with 0 and with N active alert rules, on the same machine in the same run:
 * `bench:ingest`'s load (gzipped `@sentry/node`-shaped envelopes over keep-alive connections,
 * "accepted" = 200 after the SQLite commit, which now includes judging the rules) against fresh
 * Dexter processes, in the order 0, N, N, 0 so a drift of the shared machine weighs on both sides.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { buildBugCatalog } from '../ingest/bug-catalog';
import { createBodyFactory } from '../ingest/envelope-bodies';
import { runLoad } from '../ingest/load-generator';
import { formatProfileSummary, type ProfileWindow, summarizeCpuProfile } from '../lib/cpu-profile';
import { startDexterProcess } from '../lib/dexter-process';
import { type EventLoopLag, startLagWindow } from '../lib/event-loop-lag';
import { readCpuSeconds } from '../lib/proc-stats';
import { benchRule, createRules } from './bench-rules';

export interface IngestRunFigures {
  rules: number;
  eventsPerS: number;
  accepted: number;
  failed: number;
  serverCpuMsPerEvent: number;
  eventLoopLag: EventLoopLag;
  fires: number;
  /** Firings recorded over the whole run (warm-up included), and the events stored. */
  firings: number;
  storedEvents: number;
  /** The measured seconds on the monotonic clock, to cut a profile down to them. */
  measuredWindow: ProfileWindow;
}

export interface IngestPlan {
  seconds: number;
  warmupSeconds: number;
  concurrency: number;
  bugs: number;
  rules: number;
  /** Write each server's `.cpuprofile` into a directory of its own under this one. */
  profileDir?: string;
  /** Extra Node flags for every server (e.g. the SQLite timing preload). */
  serverNodeArgs?: string[];
}

async function oneRun(rules: number, plan: IngestPlan, run: string): Promise<IngestRunFigures> {
  const profileDir = plan.profileDir ? join(plan.profileDir, run) : undefined;
  const timingFile = process.env.SQLITE_TIMING_FILE;
  const server = await startDexterProcess({
    nodeArgs: [
      ...(plan.serverNodeArgs ?? []),
      ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    ],
    // The SQLite timing preload writes one file per server.
    env: timingFile ? { SQLITE_TIMING_FILE: `${timingFile}.${run}` } : {},
  });
  try {
    const project = server.bootstrap.projects[0];
    if (!project) throw new Error('bootstrap.json lists no project');
    const token = server.bootstrap.token;
    await createRules(
      server.url,
      token,
      server.bootstrap.org,
      project.slug,
      Array.from({ length: rules }, (_, i) => benchRule(i)),
    );
    const bodies = createBodyFactory({
      bugs: buildBugCatalog(plan.bugs),
      variantsPerBug: 4,
      eventBytes: 50_000,
      zipfExponent: 1,
      projectId: project.id,
      publicKey: decodeURIComponent(new URL(project.dsn).username),
    });
    let cpuAtOpen = 0;
    let cpuAtClose = 0;
    let fromUs = 0;
    let toUs = 0;
    let closeLagWindow: Promise<() => Promise<EventLoopLag>> | undefined;
    let lagWindow: Promise<EventLoopLag> | undefined;
    const load = await runLoad({
      origin: server.url,
      concurrency: plan.concurrency,
      warmupMs: plan.warmupSeconds * 1000,
      measureMs: plan.seconds * 1000,
      maxMeasuredRequests: 10_000_000,
      requestTimeoutMs: 30_000,
      next: bodies.next,
      onMeasureStart: () => {
        cpuAtOpen = readCpuSeconds(server.pid);
        fromUs = monotonicUs();
        closeLagWindow = startLagWindow(server.url);
      },
      onMeasureEnd: () => {
        cpuAtClose = readCpuSeconds(server.pid);
        toUs = monotonicUs();
        lagWindow = closeLagWindow?.then((close) => close());
      },
    });
    const lag = (await lagWindow) ?? { p50Ms: Number.NaN, p99Ms: Number.NaN, maxMs: Number.NaN };
    const fired = await fetch(
      `${server.url}/api/0/projects/${server.bootstrap.org}/${project.slug}/rules/?per_page=100`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    const listed = (await fired.json()) as Array<{ lastTriggered: string | null }>;
    const stored = countStored(server.dataDir);
    const { measured } = load;
    return {
      rules,
      eventsPerS: measured.accepted / (measured.durationMs / 1000),
      accepted: measured.accepted,
      failed: measured.failed + Object.values(measured.otherStatus).reduce((a, b) => a + b, 0),
      serverCpuMsPerEvent: ((cpuAtClose - cpuAtOpen) * 1000) / Math.max(1, measured.accepted),
      eventLoopLag: lag,
      measuredWindow: { fromUs, toUs },
      fires: rules === 0 ? 0 : listed.filter((rule) => rule.lastTriggered !== null).length,
      ...stored,
    };
  } finally {
    await server.stop();
    server.removeDataDir();
  }
}

export async function measureIngestWithRules(plan: IngestPlan, say: (line: string) => void) {
  const runs: IngestRunFigures[] = [];
  for (const [i, rules] of [0, plan.rules, plan.rules, 0].entries()) {
    const name = `run-${i + 1}-${rules}-rules`;
    const run = await oneRun(rules, plan, name);
    say(
      `  ingest, ${rules} rules: ${run.eventsPerS.toFixed(0)} events/s (${run.accepted} accepted, ` +
        `${run.failed} failed), server CPU ${run.serverCpuMsPerEvent.toFixed(2)} ms/event, event-loop lag ` +
        `p99 ${run.eventLoopLag.p99Ms.toFixed(1)} ms` +
        (rules
          ? `, ${run.fires} of the newest 100 rules fired, ${run.firings} firings for ${run.storedEvents} events`
          : ''),
    );
    if (plan.profileDir) say(profileReport(join(plan.profileDir, name), run.measuredWindow));
    runs.push(run);
  }
  const mean = (rules: number, figure: (run: IngestRunFigures) => number) => {
    const picked = runs.filter((r) => r.rules === rules);
    return picked.reduce((sum, r) => sum + figure(r), 0) / picked.length;
  };
  const without = mean(0, (r) => r.eventsPerS);
  const withRules = mean(plan.rules, (r) => r.eventsPerS);
  const cpuWithout = mean(0, (r) => r.serverCpuMsPerEvent);
  const cpuWithRules = mean(plan.rules, (r) => r.serverCpuMsPerEvent);
  return { runs, without, withRules, cpuWithout, cpuWithRules, slowdownPct: (1 - withRules / without) * 100 };
}

/** Read beside the running server (WAL: a reader sees what committed). */
function countStored(dataDir: string): { firings: number; storedEvents: number } {
  const db = new Database(join(dataDir, 'store.sqlite'), { readonly: true });
  try {
    const count = (table: string) => db.prepare(`select count(*) from ${table}`).pluck().get() as number;
    return { firings: count('alert_fires'), storedEvents: count('events') };
  } finally {
    db.close();
  }
}

const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

/** The main thread's profile (the first file; workers write theirs after), measured seconds only. */
function profileReport(dir: string, window: ProfileWindow): string {
  const file = readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .sort()[0];
  if (!file) return `  no .cpuprofile was written to ${dir}`;
  const summary = summarizeCpuProfile(join(dir, file), 40, window);
  return `server CPU profile of the measured seconds (${join(dir, file)}, window ${JSON.stringify(window)}):\n${formatProfileSummary(summary)}`;
}
