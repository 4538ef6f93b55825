/**
 * Section 1: a warm issue-list page through Dexter against a bare Fastify route serving the same
 * bytes, with the same client, connections and windows, the sides taking turns over three rounds. Dexter is measured twice, with the browser
 * session cookie (what the web app sends) and with a personal API token (what scripts send), since
 * each resolves its credential differently on every request. Server CPU per request is read from
 * /proc around each window: on a shared machine it moves much less than req/s does.
 */
import { Pool } from 'undici';
import { readCpuSeconds } from '../lib/proc-stats';
import { apiV1, type BenchTarget, benchPids, sessionHeaders, tokenHeaders } from './bench-target';
import { type ClosedLoopResult, runClosedLoop } from './closed-loop';
import { type LoadReading, startLoadMeter } from './load-meter';
import { expectOk, timedRequest } from './timed-request';

export interface CachedListSettings {
  connections: number;
  warmupMs: number;
  measureMs: number;
}

export interface LoadSide extends ClosedLoopResult {
  /** Server process CPU per answered request, user + system. */
  serverCpuUsPerRequest: number;
  clientCpuUsPerRequest: number;
  /** CPU other processes than the bench's used in the window, in cores. */
  otherLoadCores: number;
}

export interface CachedListResult {
  path: string;
  bodyBytes: number;
  bare: LoadSide;
  dexterSession: LoadSide;
  dexterToken: LoadSide;
}

export const LIST_QUERY = 'is:unresolved';

export async function runCachedList(target: BenchTarget, settings: CachedListSettings) {
  const path = apiV1(target, `issues?${new URLSearchParams({ query: LIST_QUERY, sort: 'date' })}`);
  const setup = new Pool(target.dexter.url, { connections: 1 });
  const bareSetup = new Pool(target.fixtures.info.bareUrl, { connections: 1 });
  try {
    expectOk('first list request', await timedRequest(setup, { path, headers: sessionHeaders(target) }));
    const warm = expectOk(
      'warm list request',
      await timedRequest(setup, { path, headers: sessionHeaders(target) }),
    );
    if (warm.cache !== 'hit') throw new Error(`the second list request was a cache ${warm.cache}, not a hit`);
    await target.fixtures.serveBare(warm.body);
    const bare = expectOk('bare route', await timedRequest(bareSetup, { path }));
    if (!bare.body.equals(warm.body)) throw new Error('the bare route does not serve the same bytes');

    const measureMs = settings.measureMs / ROUNDS;
    const measure = (origin: string, pid: number, headers: Record<string, string>) =>
      measureSide({ ...settings, measureMs, origin, path, headers }, pid, benchPids(target));
    // The sides take turns, round after round, so that a slower spell of the (shared, virtual)
    // machine falls on all of them alike instead of on whichever side ran then.
    const rounds: Array<Record<'bare' | 'dexterSession' | 'dexterToken', LoadSide>> = [];
    for (let round = 0; round < ROUNDS; round++) {
      rounds.push({
        bare: await measure(target.fixtures.info.bareUrl, target.fixtures.pid, {}),
        dexterSession: await measure(target.dexter.url, target.dexter.pid, sessionHeaders(target)),
        dexterToken: await measure(target.dexter.url, target.dexter.pid, tokenHeaders(target)),
      });
    }
    return {
      path,
      bodyBytes: warm.body.length,
      bare: combine(rounds.map((r) => r.bare)),
      dexterSession: combine(rounds.map((r) => r.dexterSession)),
      dexterToken: combine(rounds.map((r) => r.dexterToken)),
    };
  } finally {
    await setup.close();
    await bareSetup.close();
  }
}

/** Windows per side, taken in turns (`measureMs` is split between them). */
const ROUNDS = 3;

const addCounts = (all: Array<Record<string, number>>) => {
  const sum: Record<string, number> = {};
  for (const counts of all) for (const [key, n] of Object.entries(counts)) sum[key] = (sum[key] ?? 0) + n;
  return sum;
};

/** One side's windows as one: totals over the whole time, latencies of its median window. */
function combine(windows: LoadSide[]): LoadSide {
  const requests = windows.reduce((sum, w) => sum + w.requests, 0);
  const durationMs = windows.reduce((sum, w) => sum + w.durationMs, 0);
  const perRequest = (pick: (w: LoadSide) => number) =>
    requests > 0 ? windows.reduce((sum, w) => sum + pick(w) * w.requests, 0) / requests : 0;
  const median = [...windows].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[
    Math.floor(windows.length / 2)
  ]!;
  return {
    requests,
    durationMs,
    requestsPerSecond: durationMs > 0 ? (requests / durationMs) * 1000 : 0,
    latencyMs: median.latencyMs,
    statuses: addCounts(windows.map((w) => w.statuses)),
    cache: addCounts(windows.map((w) => w.cache)),
    meanBodyBytes: perRequest((w) => w.meanBodyBytes),
    clientCpuMs: windows.reduce((sum, w) => sum + w.clientCpuMs, 0),
    serverCpuUsPerRequest: perRequest((w) => w.serverCpuUsPerRequest),
    clientCpuUsPerRequest: perRequest((w) => w.clientCpuUsPerRequest),
    otherLoadCores: windows.reduce((sum, w) => sum + w.otherLoadCores, 0) / windows.length,
  };
}

async function measureSide(
  plan: CachedListSettings & { origin: string; path: string; headers: Record<string, string> },
  serverPid: number,
  benchPids: number[],
): Promise<LoadSide> {
  let server = 0;
  let meter = startLoadMeter(benchPids);
  let load: LoadReading = { otherCores: 0, benchCores: 0 };
  const result = await runClosedLoop({
    ...plan,
    onMeasureStart: () => {
      server = readCpuSeconds(serverPid);
      meter = startLoadMeter(benchPids);
    },
    onMeasureEnd: () => {
      server = readCpuSeconds(serverPid) - server;
      load = meter();
    },
  });
  const perRequest = (seconds: number) => (result.requests > 0 ? (seconds * 1e6) / result.requests : 0);
  return {
    ...result,
    serverCpuUsPerRequest: perRequest(server),
    clientCpuUsPerRequest: perRequest(result.clientCpuMs / 1000),
    otherLoadCores: load.otherCores,
  };
}
