/**
 * Ingest throughput with 0 and with N active alert rules, on the same machine in the same run:
 * `bench:ingest`'s load (gzipped `@sentry/node`-shaped envelopes over keep-alive connections,
 * "accepted" = 200 after the SQLite commit, which now includes judging the rules) against fresh
 * Dexter processes, in the order 0, N, N, 0 so a drift of the shared machine weighs on both sides.
 */
import { buildBugCatalog } from '../ingest/bug-catalog';
import { createBodyFactory } from '../ingest/envelope-bodies';
import { runLoad } from '../ingest/load-generator';
import { startDexterProcess } from '../lib/dexter-process';
import { readCpuSeconds } from '../lib/proc-stats';
import { benchRule, createRules } from './bench-rules';

export interface IngestRunFigures {
  rules: number;
  eventsPerS: number;
  accepted: number;
  failed: number;
  serverCpuMsPerEvent: number;
  fires: number;
}

export interface IngestPlan {
  seconds: number;
  warmupSeconds: number;
  concurrency: number;
  bugs: number;
  rules: number;
}

async function oneRun(rules: number, plan: IngestPlan): Promise<IngestRunFigures> {
  const server = await startDexterProcess();
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
    const fired = await fetch(
      `${server.url}/api/0/projects/${server.bootstrap.org}/${project.slug}/rules/?per_page=100`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    const listed = (await fired.json()) as Array<{ lastTriggered: string | null }>;
    const { measured } = load;
    return {
      rules,
      eventsPerS: measured.accepted / (measured.durationMs / 1000),
      accepted: measured.accepted,
      failed: measured.failed + Object.values(measured.otherStatus).reduce((a, b) => a + b, 0),
      serverCpuMsPerEvent: ((cpuAtClose - cpuAtOpen) * 1000) / Math.max(1, measured.accepted),
      fires: rules === 0 ? 0 : listed.filter((rule) => rule.lastTriggered !== null).length,
    };
  } finally {
    await server.stop();
    server.removeDataDir();
  }
}

export async function measureIngestWithRules(plan: IngestPlan, say: (line: string) => void) {
  const runs: IngestRunFigures[] = [];
  for (const rules of [0, plan.rules, plan.rules, 0]) {
    const run = await oneRun(rules, plan);
    say(
      `  ingest, ${rules} rules: ${run.eventsPerS.toFixed(0)} events/s (${run.accepted} accepted, ` +
        `${run.failed} failed), server CPU ${run.serverCpuMsPerEvent.toFixed(2)} ms/event` +
        (rules ? `, ${run.fires} of the newest 100 rules fired` : ''),
    );
    runs.push(run);
  }
  const mean = (rules: number) => {
    const picked = runs.filter((r) => r.rules === rules);
    return picked.reduce((sum, r) => sum + r.eventsPerS, 0) / picked.length;
  };
  const without = mean(0);
  const withRules = mean(plan.rules);
  return { runs, without, withRules, slowdownPct: (1 - withRules / without) * 100 };
}
