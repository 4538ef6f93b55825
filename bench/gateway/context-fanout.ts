/**
 * Section 2: the issue context facade on cache misses with a slow upstream. Every upstream call
 * gets the same injected latency at the proxy; each issue's context is asked for once, so all six
 * parts miss. The reference is one upstream round trip: a direct GET of one issue through the same
 * proxy to the store, measured by this client, half before the contexts and half after. Parallel
 * parts should cost about one round trip; sequential ones would cost six.
 */
import { IssueContextSchema } from '@dexter/contracts';
import { Pool } from 'undici';
import { type LatencySummary, percentile, summarizeLatencies } from '../lib/percentiles';
import { apiV1, type BenchTarget, benchPids, sessionHeaders } from './bench-target';
import { startLoadMeter } from './load-meter';
import { expectOk, timedRequest } from './timed-request';
import type { ProxyRecord } from './timing-proxy';

export interface ContextFanoutSettings {
  issueIds: string[];
  latencyMs: number;
  referenceCalls: number;
}

export interface ContextFanoutResult {
  contexts: number;
  injectedLatencyMs: number;
  contextMs: LatencySummary & { p95: number };
  /** One direct upstream GET through the proxy, client-measured. */
  roundTripMs: LatencySummary;
  upstreamCallsPerContext: number;
  /** Per context, its slowest upstream part as the proxy timed it: the facade's critical path. */
  slowestPartMs: LatencySummary;
  /** Per context, its latency minus its slowest part: what Dexter adds around the fan-out. */
  addedMs: LatencySummary;
  /** Parts answered `ok: false`, over all contexts. */
  failedParts: number;
  /** Responses that were not a cache miss (should be none). */
  notMisses: number;
  /** CPU other processes than the bench's used meanwhile, in cores. */
  otherLoadCores: number;
}

const PARTS = ['issue', 'latestEvent', 'tags', 'events', 'stats', 'activity'] as const;

export async function runContextFanout(
  target: BenchTarget,
  settings: ContextFanoutSettings,
): Promise<ContextFanoutResult> {
  const dexter = new Pool(target.dexter.url, { connections: 1 });
  const upstream = new Pool(target.fixtures.info.proxyUrl, { connections: 1 });
  const { org, token } = target.fixtures.info;
  const roundTrips: number[] = [];
  const referenceCalls = async (count: number) => {
    for (let i = 0; i < count; i++) {
      const issueId = settings.issueIds[i % settings.issueIds.length]!;
      const path = `/api/0/organizations/${encodeURIComponent(org)}/issues/${issueId}/`;
      const res = await timedRequest(upstream, { path, headers: { authorization: `Bearer ${token}` } });
      roundTrips.push(expectOk('direct upstream GET', res).ms);
    }
  };
  try {
    await target.fixtures.setLatency(settings.latencyMs);
    await referenceCalls(Math.ceil(settings.referenceCalls / 2));
    await target.fixtures.takeRecords();
    const contextMs = new Map<string, number>();
    let failedParts = 0;
    let notMisses = 0;
    const meter = startLoadMeter(benchPids(target));
    for (const issueId of settings.issueIds) {
      const res = expectOk(
        'issue context',
        await timedRequest(dexter, {
          path: apiV1(target, `issues/${issueId}/context`),
          headers: sessionHeaders(target),
        }),
      );
      contextMs.set(issueId, res.ms);
      if (res.cache !== 'miss') notMisses += 1;
      const body = IssueContextSchema.parse(JSON.parse(res.body.toString('utf8')));
      failedParts += PARTS.filter((part) => !body[part].ok).length;
    }
    const load = meter();
    const records = await target.fixtures.takeRecords();
    await referenceCalls(Math.floor(settings.referenceCalls / 2));
    const slowest = slowestPartByIssue(records);
    const slowestOf = (issueId: string) => {
      const ms = slowest.get(issueId);
      if (ms === undefined) throw new Error(`the context of issue ${issueId} made no upstream call`);
      return ms;
    };
    const latencies = [...contextMs.values()];
    return {
      contexts: contextMs.size,
      injectedLatencyMs: settings.latencyMs,
      contextMs: {
        ...summarizeLatencies(latencies),
        p95: percentile(Float64Array.from(latencies).sort(), 95),
      },
      roundTripMs: summarizeLatencies(roundTrips),
      upstreamCallsPerContext: records.length / Math.max(1, contextMs.size),
      slowestPartMs: summarizeLatencies([...contextMs.keys()].map(slowestOf)),
      addedMs: summarizeLatencies([...contextMs].map(([id, ms]) => ms - slowestOf(id))),
      failedParts,
      notMisses,
      otherLoadCores: load.otherCores,
    };
  } finally {
    await dexter.close();
    await upstream.close();
  }
}

/** The issue a part was for: its path (`/issues/{id}/...`) or, for stats, its `groups` parameter. */
function slowestPartByIssue(records: readonly ProxyRecord[]): Map<string, number> {
  const slowest = new Map<string, number>();
  for (const record of records) {
    const url = new URL(record.path, 'http://upstream');
    const issueId = /\/issues\/(\d+)\//.exec(url.pathname)?.[1] ?? url.searchParams.get('groups');
    if (issueId) slowest.set(issueId, Math.max(slowest.get(issueId) ?? 0, record.ms));
  }
  return slowest;
}
