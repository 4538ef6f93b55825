/**
 * Ingest throughput with and without Discover's rollup fed, on the same machine in the same run:
 * `bench:ingest`'s load (realistic gzipped `@sentry/node` envelopes over keep-alive connections,
 * "accepted" = 200 after the SQLite commit) against fresh Dexter processes, one with the rollup
 * off (`DEXTER_STORE_DISCOVER_ROLLUP=off`: today's `bench:ingest` path) and one with it on, in
 * the order off, on, on, off so a drift of the shared machine weighs on both sides alike.
 */

import { buildBugCatalog } from '../ingest/bug-catalog';
import { createBodyFactory } from '../ingest/envelope-bodies';
import { runLoad } from '../ingest/load-generator';
import { startDexterProcess } from '../lib/dexter-process';
import { readCpuSeconds } from '../lib/proc-stats';

export interface IngestRunFigures {
  rollup: 'on' | 'off';
  eventsPerS: number;
  accepted: number;
  failed: number;
  serverCpuMsPerEvent: number;
}

export interface IngestAbPlan {
  seconds: number;
  warmupSeconds: number;
  concurrency: number;
  bugs: number;
}

async function oneRun(rollup: 'on' | 'off', plan: IngestAbPlan): Promise<IngestRunFigures> {
  const server = await startDexterProcess({ env: { DEXTER_STORE_DISCOVER_ROLLUP: rollup } });
  try {
    const project = server.bootstrap.projects[0];
    if (!project) throw new Error('bootstrap.json lists no project');
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
      },
      onMeasureEnd: () => {
        cpuAtClose = readCpuSeconds(server.pid);
      },
    });
    const { measured } = load;
    return {
      rollup,
      eventsPerS: measured.accepted / (measured.durationMs / 1000),
      accepted: measured.accepted,
      failed: measured.failed + Object.values(measured.otherStatus).reduce((a, b) => a + b, 0),
      serverCpuMsPerEvent: ((cpuAtClose - cpuAtOpen) * 1000) / Math.max(1, measured.accepted),
    };
  } finally {
    await server.stop();
    server.removeDataDir();
  }
}

export async function measureIngestAb(
  plan: IngestAbPlan,
  say: (line: string) => void,
): Promise<{ runs: IngestRunFigures[]; off: number; on: number; ratio: number }> {
  const runs: IngestRunFigures[] = [];
  for (const rollup of ['off', 'on', 'on', 'off'] as const) {
    const run = await oneRun(rollup, plan);
    say(
      `  ingest, rollup ${rollup}: ${run.eventsPerS.toFixed(0)} events/s (${run.accepted} accepted, ` +
        `${run.failed} failed), server CPU ${run.serverCpuMsPerEvent.toFixed(2)} ms/event`,
    );
    runs.push(run);
  }
  const mean = (side: 'on' | 'off') => {
    const picked = runs.filter((r) => r.rollup === side);
    return picked.reduce((sum, r) => sum + r.eventsPerS, 0) / picked.length;
  };
  const off = mean('off');
  const on = mean('on');
  return { runs, off, on, ratio: on / off };
}
