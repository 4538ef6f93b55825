/**
 * Section 4: what Dexter adds to a cache miss. One request at a time, each for a list page no one
 * asked for before: the pages of several searches (sorts, queries and page sizes), walked by their
 * `nextCursor`, so every request is a miss that makes one upstream call. After each request the
 * timing proxy hands over what it forwarded meanwhile; Dexter's share is the client's latency
 * minus the one upstream call's duration at the proxy: inbound HTTP, authentication, routing and
 * validation, search planning, the pipeline stages, the hop to the proxy, parsing the upstream
 * JSON and serializing the answer. A request that made other than one call is left out, and counted.
 *
 * The measured misses follow `warmup` unmeasured ones: V8 optimizes a server's code over its first
 * few hundred requests, and a Dexter that serves a team is long past them. What the warm-up misses
 * added (after the first 20, which also open connections) is reported beside, as the cold figure.
 *
 * CPU per miss leaves out what Dexter spends whether or not anyone asks (its timers, pollers and
 * metrics: some 10-15 ms per second), measured for `IDLE_MS` with no request between the warm-up
 * and the measured misses. Charged to the misses, that background grew with the wall time of a
 * miss, so a loaded machine (50-90 ms per miss) added 0.7-1.3 ms of it to every miss and a quiet
 * one 0.15 ms. The figure with it is printed too.
 */

import { Pool } from 'undici';
import { z } from 'zod';
import { type EventLoopLag, startLagWindow } from '../lib/event-loop-lag';
import { type LatencySummary, summarizeLatencies } from '../lib/percentiles';
import { readCpuTimes } from '../lib/proc-stats';
import { apiV1, type BenchTarget, benchPids, sessionHeaders } from './bench-target';
import { startLoadMeter } from './load-meter';
import { expectOk, timedRequest } from './timed-request';

export interface MissOverheadSettings {
  requests: number;
  /** Requests made first and not counted (JIT, connection set-up). */
  warmup: number;
  pageSizes: number[];
}

export interface MissOverheadResult {
  requests: number;
  pageSizes: number[];
  dexterMs: LatencySummary;
  upstreamMs: LatencySummary;
  addedMs: LatencySummary;
  /** What the warm-up misses added, after their first 20: the server before V8 has optimized it. */
  warmupAddedMs: LatencySummary;
  warmup: number;
  /** Requests left out: not a miss, or not exactly one upstream call. */
  leftOut: number;
  /** Dexter's CPU time (user + system, from /proc) per measured request, its idle CPU left out. */
  dexterCpuUsPerRequest: number;
  /** The same with Dexter's idle CPU over the measured window left in. */
  dexterCpuUsPerRequestWithIdle: number;
  /** What Dexter used per second with no request at all, measured just before the window. */
  dexterIdleCpuUsPerSecond: number;
  /** The user part alone: Dexter's own code, without kernel time that other loopback load inflates. */
  dexterUserCpuUsPerRequest: number;
  dexterSystemCpuUsPerRequest: number;
  /** Dexter's event-loop lag over the measured requests. */
  eventLoopLag: EventLoopLag;
  /** CPU other processes than the bench's used meanwhile, in cores. */
  otherLoadCores: number;
}

const SORTS = ['date', 'new', 'freq', 'user'] as const;
/** Long enough for several /proc clock ticks (10 ms each) of Dexter's idle CPU. */
const IDLE_MS = 5_000;
/** The first requests also open connections: left out of the warm-up figure too. */
const CONNECTION_WARMUP = 20;
// Enough distinct searches for a long warm-up: each is a different upstream query and cache key,
// and every one of them is a plain upstream search, so Dexter does the same work for each page.
const QUERIES = ['is:unresolved', '', 'level:error', 'is:unresolved level:error'] as const;
const PageSchema = z.object({ nextCursor: z.string().nullable() });

/** Every (page size, query, sort) once: a distinct search whose pages no other search shares. */
function* searches(pageSizes: readonly number[]) {
  for (const limit of pageSizes)
    for (const query of QUERIES) for (const sort of SORTS) yield { query, sort, limit: String(limit) };
}

export async function runMissOverhead(
  target: BenchTarget,
  settings: MissOverheadSettings,
): Promise<MissOverheadResult> {
  const pool = new Pool(target.dexter.url, { connections: 1 });
  const dexterMs: number[] = [];
  const upstreamMs: number[] = [];
  const added: number[] = [];
  const warmupAdded: number[] = [];
  let made = 0;
  let leftOut = 0;
  let idleUsPerSecond = 0;
  let windowStarted = performance.now();
  let cpuAtStart = readCpuTimes(target.dexter.pid);
  let meter = startLoadMeter(benchPids(target));
  let lagWindow = await startLagWindow(target.dexter.url);
  const wanted = settings.warmup + settings.requests;
  try {
    await target.fixtures.setLatency(0);
    await target.fixtures.takeRecords();
    for (const search of searches(settings.pageSizes)) {
      let cursor: string | null = null;
      do {
        const query = new URLSearchParams({ ...search, ...(cursor ? { cursor } : {}) });
        const res = expectOk(
          'list page',
          await timedRequest(pool, {
            path: apiV1(target, `issues?${query}`),
            headers: sessionHeaders(target),
          }),
        );
        const calls = await target.fixtures.takeRecords();
        cursor = PageSchema.parse(JSON.parse(res.body.toString('utf8'))).nextCursor;
        made += 1;
        if (made === settings.warmup) {
          idleUsPerSecond = await idleCpu(target.dexter.pid);
          windowStarted = performance.now();
          lagWindow = await startLagWindow(target.dexter.url);
          cpuAtStart = readCpuTimes(target.dexter.pid);
          meter = startLoadMeter(benchPids(target));
        }
        const oneMiss = res.cache === 'miss' && calls.length === 1;
        if (made <= settings.warmup) {
          if (oneMiss && made > CONNECTION_WARMUP) warmupAdded.push(res.ms - calls[0]!.ms);
          continue;
        }
        if (!oneMiss) {
          leftOut += 1;
          continue;
        }
        dexterMs.push(res.ms);
        upstreamMs.push(calls[0]!.ms);
        added.push(res.ms - calls[0]!.ms);
      } while (cursor !== null && made < wanted);
      if (made >= wanted) break;
    }
  } finally {
    await pool.close();
  }
  if (made < wanted) throw new Error(`only ${made} distinct list pages; seed more issues or add page sizes`);
  const cpuAtEnd = readCpuTimes(target.dexter.pid);
  const windowSeconds = (performance.now() - windowStarted) / 1000;
  const load = meter();
  const eventLoopLag = await lagWindow();
  const perRequest = (seconds: number) => (seconds * 1e6) / settings.requests;
  const idleUs = idleUsPerSecond * windowSeconds;
  const withIdle = perRequest(cpuAtEnd.user + cpuAtEnd.system - cpuAtStart.user - cpuAtStart.system);
  return {
    requests: added.length,
    pageSizes: settings.pageSizes,
    dexterMs: summarizeLatencies(dexterMs),
    upstreamMs: summarizeLatencies(upstreamMs),
    addedMs: summarizeLatencies(added),
    warmupAddedMs: summarizeLatencies(warmupAdded),
    warmup: settings.warmup,
    leftOut,
    dexterCpuUsPerRequest: Math.max(0, withIdle - idleUs / settings.requests),
    dexterCpuUsPerRequestWithIdle: withIdle,
    dexterIdleCpuUsPerSecond: idleUsPerSecond,
    dexterUserCpuUsPerRequest: perRequest(cpuAtEnd.user - cpuAtStart.user),
    dexterSystemCpuUsPerRequest: perRequest(cpuAtEnd.system - cpuAtStart.system),
    eventLoopLag,
    otherLoadCores: load.otherCores,
  };
}

/** Dexter's CPU per second of wall time while nobody asks it anything (user + system, /proc). */
async function idleCpu(pid: number): Promise<number> {
  const before = readCpuTimes(pid);
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
  const after = readCpuTimes(pid);
  const seconds = (performance.now() - started) / 1000;
  return ((after.user + after.system - before.user - before.system) * 1e6) / seconds;
}
