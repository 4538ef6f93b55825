/**
 * Section 3: a team browsing. Simulated users, each on its own keep-alive connection, pause for a
 * random think time (exponential around a mean) and then open a page: an issue list under one of
 * a few saved filters, an issue's detail or its context (issues drawn by Zipf-like popularity over
 * a hot set), or, rarely, change an issue's status. After a warm-up, a measured window counts the
 * page views, what Dexter's `x-dexter-cache` said about each, and the calls the proxy forwarded to
 * the upstream meanwhile. A page view is one Dexter request.
 */
import { CSRF_HEADER } from '@dexter/contracts';
import { Pool } from 'undici';
import { percentile } from '../lib/percentiles';
import { type Rng, seededRng, zipfSampler } from '../lib/random';
import { apiV1, type BenchTarget, benchPids, sessionHeaders } from './bench-target';
import { type LoadReading, startLoadMeter } from './load-meter';
import { countsBy, difference } from './metrics-delta';
import { type TimedRequest, tally, timedRequest } from './timed-request';

export interface BrowseSettings {
  users: number;
  hotIssueIds: string[];
  projectIds: string[];
  thinkMs: number;
  zipfExponent: number;
  /** Shares of page views; the rest are issue opens, split evenly between detail and context. */
  listShare: number;
  mutationShare: number;
  warmupMs: number;
  measureMs: number;
  seed: number;
}

type Kind = 'list' | 'detail' | 'context' | 'mutation';

export interface KindFigures {
  views: number;
  p50Ms: number;
  p95Ms: number;
  cache: Record<string, number>;
}

export interface BrowseResult {
  users: number;
  thinkMs: number;
  mutationShare: number;
  warmupMs: number;
  durationMs: number;
  views: number;
  viewsPerSecond: number;
  byKind: Record<Kind, KindFigures>;
  cache: Record<string, number>;
  /** Views whose every part was a fresh cache hit: no upstream call at all. */
  servedWithoutUpstream: number;
  /** Hits plus stale answers (served from the cache; a stale one starts a background refresh). */
  servedFromCache: number;
  upstreamCalls: number;
  /** Dexter's own count of its upstream calls in the window, by operation (from `/metrics`). */
  upstreamByOperation: Record<string, number>;
  upstreamPer1000Views: number;
  upstreamCallsPerSecond: number;
  failures: number;
  /** CPU other processes than the bench's used in the window, in cores. */
  otherLoadCores: number;
}

export async function runBrowse(target: BenchTarget, settings: BrowseSettings): Promise<BrowseResult> {
  const pool = new Pool(target.dexter.url, { connections: settings.users, headersTimeout: 30_000 });
  const listViews = listViewsOf(settings.projectIds);
  const latencies: Record<Kind, number[]> = { list: [], detail: [], context: [], mutation: [] };
  const cacheByKind: Record<Kind, Record<string, number>> = {
    list: {},
    detail: {},
    context: {},
    mutation: {},
  };
  const statusOf = new Map<string, 'resolved' | 'unresolved'>();
  let failures = 0;
  let phase: 'warmup' | 'measure' | 'done' = 'warmup';
  // A function, so that TypeScript does not narrow `phase` across the awaits below.
  const isDone = () => phase === 'done';
  let windowStart = 0;
  let forwardedAtStart = 0;
  const callsByOperation = () => countsBy(target.dexter.url, 'dexter_upstream_calls_total', 'operation');
  let callsAtStart: Record<string, number> = {};
  let callsAtEnd: Record<string, number> = {};

  const pageView = (rng: Rng, nextIssue: () => number): { kind: Kind; request: TimedRequest } => {
    const draw = rng();
    const openShare = (1 - settings.listShare - settings.mutationShare) / 2;
    if (draw < settings.listShare) {
      const view = listViews[Math.min(listViews.length - 1, weightedIndex(listViews, rng()))]!;
      const query = new URLSearchParams(view.params);
      return {
        kind: 'list',
        request: { path: apiV1(target, `issues?${query}`), headers: sessionHeaders(target) },
      };
    }
    const issueId = settings.hotIssueIds[nextIssue()]!;
    if (draw < settings.listShare + settings.mutationShare) {
      const status = statusOf.get(issueId) === 'resolved' ? 'unresolved' : 'resolved';
      statusOf.set(issueId, status);
      return {
        kind: 'mutation',
        request: {
          method: 'PUT',
          path: apiV1(target, `issues/${issueId}`),
          headers: {
            ...sessionHeaders(target),
            [CSRF_HEADER]: target.dexter.csrfToken,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ status }),
        },
      };
    }
    const kind = draw < settings.listShare + settings.mutationShare + openShare ? 'detail' : 'context';
    const rest = kind === 'detail' ? `issues/${issueId}` : `issues/${issueId}/context`;
    return { kind, request: { path: apiV1(target, rest), headers: sessionHeaders(target) } };
  };

  async function user(index: number): Promise<void> {
    const rng = seededRng(settings.seed + index);
    const nextIssue = zipfSampler(settings.hotIssueIds.length, settings.zipfExponent, rng);
    while (!isDone()) {
      await sleep(-Math.log(1 - rng()) * settings.thinkMs);
      if (isDone()) break;
      const { kind, request } = pageView(rng, nextIssue);
      const res = await timedRequest(pool, request);
      if (phase !== 'measure') continue;
      if (res.status < 200 || res.status >= 300) failures += 1;
      latencies[kind].push(res.ms);
      tally(cacheByKind[kind], res.cache);
    }
  }

  let durationMs = 0;
  let forwardedAtEnd = 0;
  let load: LoadReading = { otherCores: 0, benchCores: 0 };
  const windowDone = (async () => {
    await sleep(settings.warmupMs);
    forwardedAtStart = await target.fixtures.forwarded();
    callsAtStart = await callsByOperation();
    phase = 'measure';
    windowStart = performance.now();
    const meter = startLoadMeter(benchPids(target));
    await sleep(settings.measureMs);
    phase = 'done';
    durationMs = performance.now() - windowStart;
    load = meter();
    forwardedAtEnd = await target.fixtures.forwarded();
    callsAtEnd = await callsByOperation();
  })();
  try {
    await Promise.all([windowDone, ...Array.from({ length: settings.users }, (_, i) => user(i))]);
  } finally {
    await pool.close();
  }

  const byKind = Object.fromEntries(
    (Object.keys(latencies) as Kind[]).map((kind) => {
      const sorted = Float64Array.from(latencies[kind]).sort();
      const figures: KindFigures = {
        views: sorted.length,
        p50Ms: percentile(sorted, 50),
        p95Ms: percentile(sorted, 95),
        cache: cacheByKind[kind],
      };
      return [kind, figures];
    }),
  ) as Record<Kind, KindFigures>;
  const cache: Record<string, number> = {};
  for (const counts of Object.values(cacheByKind))
    for (const [outcome, n] of Object.entries(counts)) cache[outcome] = (cache[outcome] ?? 0) + n;
  const views = Object.values(latencies).reduce((sum, list) => sum + list.length, 0);
  const upstreamCalls = forwardedAtEnd - forwardedAtStart;
  const share = (n: number) => (views > 0 ? n / views : 0);
  return {
    users: settings.users,
    thinkMs: settings.thinkMs,
    mutationShare: settings.mutationShare,
    warmupMs: settings.warmupMs,
    durationMs,
    views,
    viewsPerSecond: (views / durationMs) * 1000,
    byKind,
    cache,
    servedWithoutUpstream: share(cache.hit ?? 0),
    servedFromCache: share((cache.hit ?? 0) + (cache.stale ?? 0)),
    upstreamCalls,
    upstreamByOperation: difference(callsAtEnd, callsAtStart),
    upstreamPer1000Views: share(upstreamCalls) * 1000,
    upstreamCallsPerSecond: (upstreamCalls / durationMs) * 1000,
    failures,
    otherLoadCores: load.otherCores,
  };
}

interface ListView {
  weight: number;
  params: Record<string, string>;
}

/** A few saved filters, as a team's list views would be: most people on the default stream. */
function listViewsOf(projectIds: string[]): ListView[] {
  return [
    { weight: 50, params: { query: 'is:unresolved', sort: 'date' } },
    { weight: 20, params: { query: 'is:unresolved', sort: 'freq' } },
    { weight: 15, params: { query: 'is:unresolved', sort: 'date', project: projectIds.at(-1) ?? '' } },
    { weight: 10, params: { query: 'is:resolved', sort: 'date' } },
    { weight: 5, params: { query: 'is:unresolved', sort: 'new' } },
  ];
}

function weightedIndex(items: readonly { weight: number }[], draw: number): number {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  let target = draw * total;
  for (const [index, item] of items.entries()) {
    target -= item.weight;
    if (target < 0) return index;
  }
  return items.length - 1;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
