/**
 * The unauthenticated-load section of the ingest bench (issue 23, finding 1): how much of a keyed
 * SDK's ingest survives senders of key-less gzip bombs on the same server. A keyed client (one
 * connection at a steady rate, as one SDK process) runs alone and beside `senders` attackers (their
 * own process) that each post, back to back and without ever backing off, an envelope with no key
 * anywhere whose ~100 KB of gzip inflate to 17 MiB. The figure is the keyed client's accepted
 * events beside the attackers over its accepted events alone, over equal time.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { once } from 'node:events';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Pool } from 'undici';
import { z } from 'zod';
import { summarizeLatencies } from '../lib/percentiles';
import { readCpuSeconds } from '../lib/proc-stats';
import type { Delivery } from './load-generator';

export const UNAUTHENTICATED_TARGET = 0.5;

export interface UnauthenticatedLoadPlan {
  origin: string;
  projectId: string;
  senders: number;
  warmupMs: number;
  measureMs: number;
  /** The server's process, whose CPU time each side of the run is read from. */
  serverPid: number;
  /** Events per second the keyed client sends. */
  ratePerSecond: number;
  next(): Delivery;
}

/** `{}` as envelope header (no dsn), one event item, 17 MiB of payload: about 101 KB gzipped. */
export function keylessGzipBomb(): Buffer {
  const payloadBytes = 17 * 1024 * 1024;
  const filler = Buffer.alloc(payloadBytes, 'a');
  // One random letter every 560 bytes keeps the ratio near what the probe sent (17 MiB in ~101 KB).
  for (let at = 0; at < payloadBytes; at += 560) filler[at] = 97 + randomInt(26);
  return gzipSync(Buffer.concat([Buffer.from('{}\n{"type":"event"}\n'), filler]));
}

/**
 * The keyed client: one connection, one event every `1000 / ratePerSecond` ms (the next at once
 * when an answer takes longer), as an SDK sends what its application produces rather than as
 * fast as the server answers. Accepted means 200 with the event's id.
 */
async function keyedRun(plan: UnauthenticatedLoadPlan, measureMs: number) {
  const pool = new Pool(plan.origin, { connections: 1, pipelining: 1 });
  const intervalMs = 1000 / plan.ratePerSecond;
  const latenciesMs: number[] = [];
  let accepted = 0;
  const send = async () => {
    const delivery = plan.next();
    const started = performance.now();
    const body = await pool
      .request({ method: 'POST', path: delivery.path, headers: delivery.headers, body: delivery.body })
      .then(
        async (response) => {
          if (response.statusCode === 200) return response.body.text();
          await response.body.dump();
          return '';
        },
        () => '',
      );
    latenciesMs.push(performance.now() - started);
    if (body.includes(delivery.eventId)) accepted += 1;
  };
  const until = async (deadline: number) => {
    while (performance.now() < deadline) {
      const next = performance.now() + intervalMs;
      await send();
      const wait = next - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  };
  try {
    await until(performance.now() + plan.warmupMs);
    latenciesMs.length = 0;
    accepted = 0;
    const cpuAtOpen = readCpuSeconds(plan.serverPid);
    await until(performance.now() + measureMs);
    return { accepted, latenciesMs, serverCpuS: readCpuSeconds(plan.serverPid) - cpuAtOpen };
  } finally {
    await pool.close();
  }
}

const TallySchema = z.object({
  type: z.literal('tally'),
  statuses: z.record(z.string(), z.number()),
  bombBytes: z.number(),
});

/** The attackers, in a process of their own (`keyless-senders-process.ts`). */
async function startSenders(plan: UnauthenticatedLoadPlan) {
  const child: ChildProcess = fork(join(import.meta.dirname, 'keyless-senders-process.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      KEYLESS_SENDERS: JSON.stringify({
        origin: plan.origin,
        projectId: plan.projectId,
        senders: plan.senders,
      }),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = () =>
    new Promise<unknown>((resolve, reject) => {
      child.once('message', resolve);
      child.once('exit', (code) => reject(new Error(`the key-less senders exited with ${code}`)));
    });
  await next();
  return {
    start: () => child.send({ type: 'start' }),
    async stop() {
      const tally = next();
      child.send({ type: 'stop' });
      return TallySchema.parse(await tally);
    },
    async close() {
      const exited = once(child, 'exit');
      child.send({ type: 'exit' });
      await exited;
    },
  };
}

/**
 * Alone and beside the attackers in turns (alone, beside, alone, beside), each half the window:
 * on a shared machine the background load drifts, and alternating spreads it over both sides.
 */
export async function runUnauthenticatedLoad(plan: UnauthenticatedLoadPlan) {
  const senders = await startSenders(plan);
  const alone = { accepted: 0, latenciesMs: [] as number[], serverCpuS: 0 };
  const beside = { accepted: 0, latenciesMs: [] as number[], serverCpuS: 0 };
  const statuses: Record<string, number> = {};
  let bombBytes = 0;
  try {
    for (let turn = 0; turn < 2; turn++) {
      const quiet = await keyedRun(plan, plan.measureMs / 2);
      alone.accepted += quiet.accepted;
      alone.latenciesMs.push(...quiet.latenciesMs);
      alone.serverCpuS += quiet.serverCpuS;
      senders.start();
      const loud = await keyedRun(plan, plan.measureMs / 2);
      const tally = await senders.stop();
      beside.accepted += loud.accepted;
      beside.latenciesMs.push(...loud.latenciesMs);
      beside.serverCpuS += loud.serverCpuS;
      bombBytes = tally.bombBytes;
      for (const [status, count] of Object.entries(tally.statuses))
        statuses[status] = (statuses[status] ?? 0) + count;
    }
  } finally {
    await senders.close();
  }
  // The machine may be shared: the load average says how quiet the run was.
  const load = loadavg()[0] ?? 0;
  const figure = Math.round((beside.accepted / Math.max(1, alone.accepted)) * 100) / 100;
  const p50 = (latencies: number[]) => Math.round(summarizeLatencies(latencies).p50 * 10) / 10;
  return {
    senders: plan.senders,
    rate_per_s: plan.ratePerSecond,
    bomb_wire_kb: Math.round(bombBytes / 1024),
    bomb_inflated_mib: 17,
    seconds: plan.measureMs / 1000,
    alone_accepted: alone.accepted,
    alone_p50_ms: p50(alone.latenciesMs),
    beside_accepted: beside.accepted,
    beside_p50_ms: p50(beside.latenciesMs),
    attacker_statuses: statuses,
    // Server CPU per second of each side: what the attackers cost the server itself.
    alone_server_cores: Math.round((alone.serverCpuS / (plan.measureMs / 1000)) * 100) / 100,
    beside_server_cores: Math.round((beside.serverCpuS / (plan.measureMs / 1000)) * 100) / 100,
    cpus: cpus().length,
    loadavg_1m: Math.round(load * 100) / 100,
    figure,
    target: UNAUTHENTICATED_TARGET,
    met: figure >= UNAUTHENTICATED_TARGET,
  };
}

export type UnauthenticatedLoadFigures = Awaited<ReturnType<typeof runUnauthenticatedLoad>>;

export function formatUnauthenticatedSummary(f: UnauthenticatedLoadFigures): string {
  const statuses = Object.entries(f.attacker_statuses)
    .map(([status, count]) => `${count} x ${status}`)
    .join(', ');
  return [
    `unauthenticated load: 1 keyed client (${f.rate_per_s} events/s) beside ${f.senders} key-less senders of a ${f.bomb_wire_kb} KB gzip ` +
      `envelope inflating to ${f.bomb_inflated_mib} MiB, ${f.seconds} s each, in alternating halves`,
    `  keyed client alone:  ${f.alone_accepted} accepted, p50 ${f.alone_p50_ms} ms`,
    `  beside the senders:  ${f.beside_accepted} accepted, p50 ${f.beside_p50_ms} ms`,
    `  the senders got:     ${statuses}`,
    `  server CPU:          ${f.alone_server_cores} cores alone, ${f.beside_server_cores} cores beside the senders`,
    `  machine:             ${f.cpus} CPUs, load average ${f.loadavg_1m} over the last minute`,
    `  kept ${f.figure} of its events (target >= ${f.target}) -> ${f.met ? 'met' : 'NOT met'}`,
  ].join('\n');
}
