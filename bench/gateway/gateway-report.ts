/**
 * The gateway bench's figures (the JSON of its last line) and their readable summary. Targets are
 * the issue's: cached throughput at least 0.7 of a bare route's, the context facade's p95 within
 * 1.3 upstream round trips, at least 90 % of a browse workload's page views served with no
 * upstream call, and under 2 ms added by Dexter to a miss at p50.
 */
import type { MachineInfo } from '../lib/machine';
import type { BrowseResult } from './browse';
import type { CachedListResult, LoadSide } from './cached-list';
import type { ContextFanoutResult } from './context-fanout';
import type { MissOverheadResult } from './miss-overhead';

export interface GatewayRun {
  machine: MachineInfo;
  workload: Record<string, string | number>;
  /** Null where the section did not run (`BENCH_SECTIONS`). */
  cachedList: CachedListResult | null;
  missOverhead: MissOverheadResult | null;
  contextFanout: ContextFanoutResult | null;
  browse: BrowseResult | null;
  browseWithoutMutations: BrowseResult | null;
}

const TARGETS = {
  cachedRatio: 0.7,
  contextRatio: 1.3,
  servedWithoutUpstream: 0.9,
  addedMs: 2,
  cpuUsPerMiss: 1500,
};

const round = (value: number, digits = 2) => Number(value.toFixed(digits));

const side = (load: LoadSide) => ({
  rps: round(load.requestsPerSecond, 0),
  p50Ms: round(load.latencyMs.p50),
  p99Ms: round(load.latencyMs.p99),
  serverCpuUsPerRequest: round(load.serverCpuUsPerRequest, 1),
  otherLoadCores: round(load.otherLoadCores),
});

const browseFigures = (browse: BrowseResult) => ({
  views: browse.views,
  viewsPerSecond: round(browse.viewsPerSecond, 1),
  servedWithoutUpstream: round(browse.servedWithoutUpstream, 3),
  servedFromCache: round(browse.servedFromCache, 3),
  upstreamPer1000Views: round(browse.upstreamPer1000Views, 0),
  upstreamCallsPerSecond: round(browse.upstreamCallsPerSecond, 1),
  failures: browse.failures,
  otherLoadCores: round(browse.otherLoadCores),
});

export function gatewayFigures(run: GatewayRun) {
  return {
    bench: 'gateway',
    machine: { cpus: run.machine.cpus, node: run.machine.node, cpuModel: run.machine.cpuModel },
    cachedList: run.cachedList && cachedListFigures(run.cachedList),
    contextFanout: run.contextFanout && contextFigures(run.contextFanout),
    browse: run.browse && {
      ...browseFigures(run.browse),
      target: TARGETS.servedWithoutUpstream,
      met: run.browse.servedWithoutUpstream >= TARGETS.servedWithoutUpstream,
      withoutMutations: run.browseWithoutMutations && browseFigures(run.browseWithoutMutations),
    },
    missOverhead: run.missOverhead && missFigures(run.missOverhead),
  };
}

function cachedListFigures(cachedList: CachedListResult) {
  const ratio = cachedList.dexterSession.requestsPerSecond / cachedList.bare.requestsPerSecond;
  return {
    bodyBytes: cachedList.bodyBytes,
    bare: side(cachedList.bare),
    dexterSession: side(cachedList.dexterSession),
    dexterToken: side(cachedList.dexterToken),
    ratio: round(ratio, 3),
    ratioToken: round(cachedList.dexterToken.requestsPerSecond / cachedList.bare.requestsPerSecond, 3),
    cpuRatio: round(
      cachedList.bare.serverCpuUsPerRequest / cachedList.dexterSession.serverCpuUsPerRequest,
      3,
    ),
    target: TARGETS.cachedRatio,
    met: ratio >= TARGETS.cachedRatio,
  };
}

function contextFigures(context: ContextFanoutResult) {
  const ratio = context.contextMs.p95 / context.roundTripMs.p50;
  return {
    injectedLatencyMs: context.injectedLatencyMs,
    contexts: context.contexts,
    p50Ms: round(context.contextMs.p50),
    p95Ms: round(context.contextMs.p95),
    roundTripP50Ms: round(context.roundTripMs.p50),
    ratioP95: round(ratio, 3),
    sequentialEstimateMs: round(6 * context.roundTripMs.p50, 0),
    slowestPartP50Ms: round(context.slowestPartMs.p50),
    addedP50Ms: round(context.addedMs.p50),
    upstreamCallsPerContext: round(context.upstreamCallsPerContext),
    otherLoadCores: round(context.otherLoadCores),
    target: TARGETS.contextRatio,
    met: ratio <= TARGETS.contextRatio,
  };
}

function missFigures(miss: MissOverheadResult) {
  return {
    requests: miss.requests,
    leftOut: miss.leftOut,
    addedP50Ms: round(miss.addedMs.p50, 3),
    addedP90Ms: round(miss.addedMs.p90, 3),
    warmup: miss.warmup,
    warmupAddedP50Ms: round(miss.warmupAddedMs.p50, 3),
    dexterP50Ms: round(miss.dexterMs.p50, 3),
    upstreamP50Ms: round(miss.upstreamMs.p50, 3),
    dexterCpuUsPerRequest: round(miss.dexterCpuUsPerRequest, 0),
    dexterCpuUsPerRequestWithIdle: round(miss.dexterCpuUsPerRequestWithIdle, 0),
    dexterIdleCpuUsPerSecond: round(miss.dexterIdleCpuUsPerSecond, 0),
    dexterUserCpuUsPerRequest: round(miss.dexterUserCpuUsPerRequest, 0),
    dexterSystemCpuUsPerRequest: round(miss.dexterSystemCpuUsPerRequest, 0),
    eventLoopLagMs: {
      p50: round(miss.eventLoopLag.p50Ms),
      p99: round(miss.eventLoopLag.p99Ms),
      max: round(miss.eventLoopLag.maxMs),
    },
    otherLoadCores: round(miss.otherLoadCores),
    target: TARGETS.addedMs,
    met: miss.addedMs.p50 < TARGETS.addedMs,
    cpuPerMiss: {
      value: round(miss.dexterCpuUsPerRequest, 0),
      target: TARGETS.cpuUsPerMiss,
      met: miss.dexterCpuUsPerRequest < TARGETS.cpuUsPerMiss,
    },
  };
}

export type GatewayFigures = ReturnType<typeof gatewayFigures>;

const ms = (value: number) => (Number.isNaN(value) ? '-' : `${value.toFixed(2)} ms`);
const pct = (value: number) => `${(100 * value).toFixed(1)} %`;
const verdict = (met: boolean) => (met ? 'met' : 'MISSED');

function loadLine(name: string, load: LoadSide): string {
  return (
    `  ${name.padEnd(16)} ${load.requestsPerSecond.toFixed(0).padStart(7)} req/s  ` +
    `p50 ${ms(load.latencyMs.p50).padStart(9)}  p99 ${ms(load.latencyMs.p99).padStart(9)}  ` +
    `server ${load.serverCpuUsPerRequest.toFixed(0).padStart(4)} µs CPU/req  ` +
    `client ${load.clientCpuUsPerRequest.toFixed(0).padStart(4)} µs/req  ` +
    `other load ${load.otherLoadCores.toFixed(2)} cores  statuses ${JSON.stringify(load.statuses)}` +
    (name.startsWith('dexter') ? `  cache ${JSON.stringify(load.cache)}` : '')
  );
}

function browseLines(title: string, browse: BrowseResult): string[] {
  return [
    `${title}: ${browse.users} users, think ${browse.thinkMs} ms, ${pct(browse.mutationShare)} mutations, ` +
      `${browse.views} views in ${(browse.durationMs / 1000).toFixed(1)} s (${browse.viewsPerSecond.toFixed(1)}/s) ` +
      `after a ${(browse.warmupMs / 1000).toFixed(0)} s warm-up, ` +
      `${browse.failures} failed, other load ${browse.otherLoadCores.toFixed(2)} cores`,
    `  served with no upstream call ${pct(browse.servedWithoutUpstream)}, from cache incl. stale ` +
      `${pct(browse.servedFromCache)}; ${browse.upstreamCalls} upstream calls = ` +
      `${browse.upstreamPer1000Views.toFixed(0)} per 1,000 views (${browse.upstreamCallsPerSecond.toFixed(1)}/s)`,
    `  upstream calls by operation (Dexter's count): ${JSON.stringify(browse.upstreamByOperation)}`,
    ...Object.entries(browse.byKind).map(
      ([kind, k]) =>
        `  ${kind.padEnd(9)} ${String(k.views).padStart(6)} views  p50 ${ms(k.p50Ms).padStart(9)}  ` +
        `p95 ${ms(k.p95Ms).padStart(9)}  cache ${JSON.stringify(k.cache)}`,
    ),
  ];
}

export function formatGatewaySummary(run: GatewayRun, figures: GatewayFigures): string {
  const { cachedList: c, missOverhead: m, contextFanout: x, browse: b } = run;
  const lines: string[] = [];
  if (c && figures.cachedList) {
    lines.push(
      `1. cached issue list ${c.path} (${c.bodyBytes} bytes), same client and window for each:`,
      loadLine('bare fastify', c.bare),
      loadLine('dexter (session)', c.dexterSession),
      loadLine('dexter (token)', c.dexterToken),
      `  dexter/bare req/s: session ${figures.cachedList.ratio}, token ${figures.cachedList.ratioToken} ` +
        `(target ≥ ${TARGETS.cachedRatio}: ${verdict(figures.cachedList.met)}); ` +
        `server CPU per request bare/dexter ${figures.cachedList.cpuRatio}`,
    );
  }
  if (x && figures.contextFanout) {
    lines.push(
      `2. issue context, ${x.contexts} cache misses one at a time, ${x.injectedLatencyMs} ms injected per upstream call:`,
      `  context p50 ${ms(x.contextMs.p50)}, p95 ${ms(x.contextMs.p95)}, max ${ms(x.contextMs.max)}; ` +
        `one direct upstream round trip p50 ${ms(x.roundTripMs.p50)} (${x.roundTripMs.count} calls)`,
      `  p95/round trip ${figures.contextFanout.ratioP95} (target ≤ ${TARGETS.contextRatio}: ` +
        `${verdict(figures.contextFanout.met)}); six sequential calls would be ~${figures.contextFanout.sequentialEstimateMs} ms`,
      `  slowest of the six parts at the proxy p50 ${ms(x.slowestPartMs.p50)}, p90 ${ms(x.slowestPartMs.p90)}; ` +
        `context minus its slowest part p50 ${ms(x.addedMs.p50)}, p90 ${ms(x.addedMs.p90)}; ` +
        `${x.upstreamCallsPerContext.toFixed(2)} upstream calls per context, ${x.failedParts} failed parts, ` +
        `${x.notMisses} not misses; other load ${x.otherLoadCores.toFixed(2)} cores`,
    );
  }
  if (b && figures.browse) {
    lines.push(
      ...browseLines('3. browse workload', b),
      `  (target ≥ ${pct(TARGETS.servedWithoutUpstream)} with no upstream call: ${verdict(figures.browse.met)})`,
    );
  }
  if (run.browseWithoutMutations) {
    lines.push(...browseLines('   control, same workload without mutations', run.browseWithoutMutations));
  }
  if (m && figures.missOverhead) {
    lines.push(
      `4. added latency on a miss, ${m.requests} uncached list pages of ${m.pageSizes.join(' or ')} issues, ` +
        `one at a time, no injected latency, after ${m.warmup} warm-up misses (${m.leftOut} left out):`,
      `  dexter p50 ${ms(m.dexterMs.p50)}, upstream (at the proxy) p50 ${ms(m.upstreamMs.p50)}; ` +
        `added p50 ${ms(m.addedMs.p50)}, p90 ${ms(m.addedMs.p90)}, p99 ${ms(m.addedMs.p99)} ` +
        `(target p50 < ${TARGETS.addedMs} ms: ${verdict(figures.missOverhead.met)}); ` +
        `Dexter CPU ${m.dexterCpuUsPerRequest.toFixed(0)} µs per miss beside its idle ${(m.dexterIdleCpuUsPerSecond / 1000).toFixed(1)} ms/s ` +
        `(${m.dexterCpuUsPerRequestWithIdle.toFixed(0)} with it: user ${m.dexterUserCpuUsPerRequest.toFixed(0)}, ` +
        `system ${m.dexterSystemCpuUsPerRequest.toFixed(0)}; target < ${TARGETS.cpuUsPerMiss}: ` +
        `${verdict(figures.missOverhead.cpuPerMiss.met)}); event-loop lag p50 ${ms(m.eventLoopLag.p50Ms)}, ` +
        `p99 ${ms(m.eventLoopLag.p99Ms)}, max ${ms(m.eventLoopLag.maxMs)}; other load ${m.otherLoadCores.toFixed(2)} cores`,
      `  while warming up (misses 21 to ${m.warmup}): added p50 ${ms(m.warmupAddedMs.p50)}`,
    );
  }
  return lines.join('\n');
}
