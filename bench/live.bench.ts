/**
 * Live updates benchmark: one Dexter (its own process, built-in store) and `BENCH_CLIENTS`
 * WebSocket clients subscribed to the organization, spread over `BENCH_CLIENT_PROCS` client
 * processes; events go in through the store's real ingest endpoint; everything on 127.0.0.1.
 *
 *   1. latency, once per rate of `BENCH_RATES` (new issues a second) for `BENCH_SECONDS` each:
 *      every client takes the event-to-client latency of each `issue.created` (send time of the
 *      event to receipt); messages/s to all clients; CPU of each party and server RSS (/proc);
 *   2. burst: `BENCH_BURST_RATE` events a second on `BENCH_BURST_ISSUES` known issues for
 *      `BENCH_BURST_SECONDS`: what each client receives per second (counts are coalesced per
 *      250 ms, so messages stay few while every event is still counted).
 *
 *   npm run bench:live
 *   BENCH_CLIENTS=1000 BENCH_RATES=5,20 npm run bench:live
 *   BENCH_CPU_PROF=1 npm run bench:live     # also profiles Dexter and prints its hot spots
 *
 * Which side sets the tail: each phase reports the CPU of Dexter, of the busiest client process
 * and of everything else on the machine, the event-loop lag of Dexter (its /metrics) and of the
 * most lagging client process, and the ingest's answer time (an event's notification leaves when
 * it is committed, which is when the store answers). `saturated` names whichever of them was at
 * its limit, so a slow figure can be told apart from a slow bench.
 *
 * Needs `ulimit -n` above the client count (the server holds one descriptor per client; each
 * client process its share); it stops with a message otherwise. Linux only (/proc). Prints the
 * workload and machine first, a readable summary, and as its last line one JSON object.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { benchSettings } from './lib/bench-settings';
import { formatProfileSummary, summarizeCpuProfile } from './lib/cpu-profile';
import { startLagWindow } from './lib/event-loop-lag';
import { describeMachine } from './lib/machine';
import { readCpuSeconds, readMachineCpuSeconds, readMemory } from './lib/proc-stats';
import { startFleet } from './live/client-fleet';
import { createEventSender } from './live/event-sender';
import { formatLiveSummary, liveFigures } from './live/live-report';
import { startLiveServer } from './live/live-server';

const SettingsSchema = z.object({
  BENCH_CLIENTS: z.coerce.number().int().min(1).max(50_000).default(5_000),
  BENCH_CLIENT_PROCS: z.coerce.number().int().min(1).max(16).default(2),
  /** New issues per second of each latency phase, comma-separated. */
  BENCH_RATES: z
    .string()
    .default('2,5,10')
    .transform((list) => list.split(',').map(Number))
    .refine((rates) => rates.every((rate) => rate > 0 && rate <= 1_000), { message: 'rates from 0 to 1000' }),
  BENCH_SECONDS: z.coerce.number().positive().max(300).default(10),
  BENCH_BURST_RATE: z.coerce.number().positive().max(20_000).default(1_000),
  BENCH_BURST_SECONDS: z.coerce.number().positive().max(300).default(5),
  BENCH_BURST_ISSUES: z.coerce.number().int().min(1).max(5_000).default(50),
  BENCH_CPU_PROF: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((value) => value === '1' || value === 'true'),
});

/** After the last event is sent: counts wait up to 250 ms to be coalesced, then travel. */
const SETTLE_MS = 1_500;

async function main(): Promise<void> {
  const settings = benchSettings(SettingsSchema);
  const openFiles = Number(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim());
  const machine = describeMachine();
  console.log(`live bench: ${JSON.stringify(settings)}`);
  console.log(`machine: ${JSON.stringify(machine)}; ulimit -n ${openFiles}`);
  if (Number.isFinite(openFiles) && openFiles < settings.BENCH_CLIENTS + 512) {
    throw new Error(
      `ulimit -n is ${openFiles}: raise it above ${settings.BENCH_CLIENTS + 512} (ulimit -n 65536)`,
    );
  }

  const profileDir = settings.BENCH_CPU_PROF ? mkdtempSync(join(tmpdir(), 'dexter-live-prof-')) : undefined;
  const server = await startLiveServer({}, profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
  const { dexter } = server;
  const closers: Array<() => Promise<unknown>> = [
    async () => dexter.stop(),
    async () => dexter.removeDataDir(),
  ];
  try {
    const project = dexter.bootstrap.projects[0]!;
    const sender = createEventSender(project.dsn);
    closers.unshift(() => sender.close());
    const baselineRssBytes = readMemory(dexter.pid).rssBytes;
    const fleet = await startFleet(
      {
        url: dexter.url,
        cookie: server.cookie,
        topic: `org:${dexter.bootstrap.org}`,
        connectConcurrency: 50,
      },
      settings.BENCH_CLIENTS,
      settings.BENCH_CLIENT_PROCS,
    );
    closers.unshift(() => fleet.close());
    if (fleet.failed > 0)
      throw new Error(`${fleet.failed} of ${settings.BENCH_CLIENTS} clients could not connect`);
    const connectedRssBytes = readMemory(dexter.pid).rssBytes;
    console.log(`${fleet.clients} clients connected in ${(fleet.connectMs / 1000).toFixed(1)} s`);

    const phase = async (name: string, plan: Parameters<typeof sender.run>[0]) => {
      fleet.startPhase(name);
      const clientCpu = () => fleet.pids.reduce((sum, pid) => sum + readCpuSeconds(pid), 0);
      const cpuBefore = {
        server: readCpuSeconds(dexter.pid),
        clients: clientCpu(),
        bench: process.cpuUsage(),
        machine: readMachineCpuSeconds().busy,
      };
      const serverLag = await startLagWindow(dexter.url);
      const sent = await sender.run(plan);
      await sleep(SETTLE_MS);
      const serverLoopLagMs = await serverLag();
      const serverCpuSeconds = readCpuSeconds(dexter.pid) - cpuBefore.server;
      const clientCpuSeconds = clientCpu() - cpuBefore.clients;
      const bench = process.cpuUsage(cpuBefore.bench);
      const senderCpuSeconds = (bench.user + bench.system) / 1e6;
      const machineCpuSeconds = readMachineCpuSeconds().busy - cpuBefore.machine;
      const otherCpuSeconds = Math.max(
        0,
        machineCpuSeconds - serverCpuSeconds - clientCpuSeconds - senderCpuSeconds,
      );
      const figures = await fleet.report();
      return {
        sent,
        serverCpuSeconds,
        clientCpuSeconds,
        senderCpuSeconds,
        otherCpuSeconds,
        machineCpuSeconds,
        serverLoopLagMs,
        figures,
      };
    };

    await phase('warm-up', { ratePerSecond: 5, durationMs: 2_000, fingerprint: (i) => `warm-${i}` });
    const latency = [];
    for (const rate of settings.BENCH_RATES) {
      latency.push(
        await phase(`latency@${rate}`, {
          ratePerSecond: rate,
          durationMs: settings.BENCH_SECONDS * 1000,
          fingerprint: (i) => `new-${rate}-${i}`,
        }),
      );
    }
    const issues = settings.BENCH_BURST_ISSUES;
    await phase('seed', {
      ratePerSecond: 200,
      durationMs: (issues / 200) * 1000 + 50,
      fingerprint: (i) => `burst-${i % issues}`,
    });
    const burst = await phase('burst', {
      ratePerSecond: settings.BENCH_BURST_RATE,
      durationMs: settings.BENCH_BURST_SECONDS * 1000,
      fingerprint: (i) => `burst-${i % issues}`,
    });
    const peakRssBytes = readMemory(dexter.pid).peakRssBytes;

    const figures = liveFigures({
      clients: fleet.clients,
      cpus: machine.cpus,
      latency,
      burst,
      memory: { baselineRssBytes, connectedRssBytes, peakRssBytes },
      connectMs: fleet.connectMs,
    });
    for (const close of closers.splice(0)) await close().catch(() => {});
    console.log(formatLiveSummary(figures));
    if (profileDir) console.log(profileReport(profileDir));
    console.log(JSON.stringify({ bench: 'live', settings, machine, ulimit: openFiles, ...figures }));
  } finally {
    for (const close of closers) await close().catch(() => {});
  }
}

function profileReport(profileDir: string): string {
  const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) return `no .cpuprofile was written to ${profileDir}`;
  const path = join(profileDir, file);
  return `Dexter CPU profile, whole run (${path}):\n${formatProfileSummary(summarizeCpuProfile(path))}`;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
