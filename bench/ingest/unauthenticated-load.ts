/**
 * The unauthenticated-load section of the ingest bench (issue 23, finding 1): how much of a keyed
 * SDK's ingest survives senders of key-less gzip bombs on the same server. A keyed client (one
 * connection, closed loop, as one SDK process) runs alone, then beside `senders` attackers that
 * each post, back to back and without ever backing off, an envelope with no key anywhere whose
 * ~100 KB of gzip inflate to 17 MiB. The figure is the keyed client's accepted events beside the
 * attackers over its accepted events alone.
 */
import { randomInt } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import { Pool } from 'undici';
import { summarizeLatencies } from '../lib/percentiles';
import { type Delivery, runLoad } from './load-generator';

export const UNAUTHENTICATED_TARGET = 0.5;

export interface UnauthenticatedLoadPlan {
  origin: string;
  projectId: string;
  senders: number;
  warmupMs: number;
  measureMs: number;
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

async function keyedRun(plan: UnauthenticatedLoadPlan) {
  const load = await runLoad({
    origin: plan.origin,
    concurrency: 1,
    warmupMs: plan.warmupMs,
    measureMs: plan.measureMs,
    maxMeasuredRequests: Number.MAX_SAFE_INTEGER,
    requestTimeoutMs: 30_000,
    next: plan.next,
  });
  return {
    accepted: load.measured.accepted,
    p50_ms: Math.round(summarizeLatencies(load.measured.latenciesMs).p50 * 10) / 10,
  };
}

/** Attackers post until `stop` resolves; returns how their requests were answered. */
async function attack(plan: UnauthenticatedLoadPlan, bomb: Buffer, stop: Promise<unknown>) {
  const pool = new Pool(plan.origin, { connections: plan.senders, pipelining: 1 });
  const statuses: Record<string, number> = {};
  let stopped = false;
  void stop.then(() => {
    stopped = true;
  });
  const sender = async () => {
    while (!stopped) {
      const status = await pool
        .request({
          method: 'POST',
          path: `/api/${plan.projectId}/envelope/`,
          headers: { 'content-encoding': 'gzip' },
          body: bomb,
        })
        .then(
          async (response) => {
            await response.body.dump();
            return String(response.statusCode);
          },
          () => 'failed',
        );
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: plan.senders }, sender));
  await pool.close();
  return statuses;
}

export async function runUnauthenticatedLoad(plan: UnauthenticatedLoadPlan) {
  const bomb = keylessGzipBomb();
  const alone = await keyedRun(plan);
  let done: () => void = () => {};
  const stop = new Promise<void>((resolve) => {
    done = resolve;
  });
  const attackers = attack(plan, bomb, stop);
  const beside = await keyedRun(plan).finally(done);
  const attackerStatuses = await attackers;
  // The machine may be shared: the load average says how quiet the run was.
  const load = loadavg()[0] ?? 0;
  const figure = Math.round((beside.accepted / Math.max(1, alone.accepted)) * 100) / 100;
  return {
    senders: plan.senders,
    bomb_wire_kb: Math.round(bomb.length / 1024),
    bomb_inflated_mib: 17,
    seconds: plan.measureMs / 1000,
    alone_accepted: alone.accepted,
    alone_p50_ms: alone.p50_ms,
    beside_accepted: beside.accepted,
    beside_p50_ms: beside.p50_ms,
    attacker_statuses: attackerStatuses,
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
    `unauthenticated load: 1 keyed client beside ${f.senders} key-less senders of a ${f.bomb_wire_kb} KB gzip ` +
      `envelope inflating to ${f.bomb_inflated_mib} MiB, ${f.seconds} s each`,
    `  keyed client alone:  ${f.alone_accepted} accepted, p50 ${f.alone_p50_ms} ms`,
    `  beside the senders:  ${f.beside_accepted} accepted, p50 ${f.beside_p50_ms} ms`,
    `  the senders got:     ${statuses}`,
    `  machine:             ${f.cpus} CPUs, load average ${f.loadavg_1m} over the last minute`,
    `  kept ${f.figure} of its events (target >= ${f.target}) -> ${f.met ? 'met' : 'NOT met'}`,
  ].join('\n');
}
