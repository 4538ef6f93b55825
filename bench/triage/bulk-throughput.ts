/**
 * Bulk throughput: one bulk job ("resolve these N issues", ids across several projects) through
 * Dexter's bulk-job API, timed from the `POST` to the job's completion as a client polling its
 * progress sees it, and the upstream calls it cost (Dexter's own `dexter_upstream_calls_total`
 * by operation, read from `/metrics` before and after). Every issue must end `done`: a bench
 * that silently lost issues would report a throughput it never achieved.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import { BulkJobSchema } from '@dexter/contracts';
import type { TriageDexter } from './triage-dexter';

export interface BulkRun {
  issues: number;
  done: number;
  failed: number;
  seconds: number;
  issuesPerSecond: number;
  /** Upstream calls during the job, by Dexter's operation name. */
  upstreamCalls: Record<string, number>;
  upstreamCallsTotal: number;
}

const POLL_MS = 100;

/** Sums `dexter_upstream_calls_total` per operation from Prometheus' text format. */
export async function upstreamCallCounts(dexterUrl: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${dexterUrl}/metrics`)).text();
  const counts: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const match = /^dexter_upstream_calls_total\{([^}]*)\} (\S+)$/.exec(line);
    if (!match) continue;
    const operation = /operation="([^"]*)"/.exec(match[1] ?? '')?.[1] ?? 'unknown';
    counts[operation] = (counts[operation] ?? 0) + Number(match[2]);
  }
  return counts;
}

function difference(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const delta: Record<string, number> = {};
  for (const [operation, count] of Object.entries(after)) {
    const calls = count - (before[operation] ?? 0);
    if (calls > 0) delta[operation] = calls;
  }
  return delta;
}

export async function runBulkResolve(
  dexter: TriageDexter,
  issueIds: string[],
  timeoutMs = 300_000,
): Promise<BulkRun> {
  const base = `/api/v1/organizations/${encodeURIComponent(dexter.org)}/bulk-jobs`;
  const before = await upstreamCallCounts(dexter.url);
  const started = performance.now();
  let job = await dexter.api(base, BulkJobSchema, {
    method: 'POST',
    body: JSON.stringify({ ids: issueIds, action: { status: 'resolved' } }),
  });
  while (job.state === 'resolving' || job.state === 'running') {
    if (performance.now() - started > timeoutMs)
      throw new Error(`bulk job ${job.id} still ${job.state} after ${timeoutMs} ms`);
    await sleep(POLL_MS);
    job = await dexter.api(`${base}/${job.id}`, BulkJobSchema);
  }
  const seconds = (performance.now() - started) / 1000;
  if (job.state === 'failed') throw new Error(`bulk job ${job.id} failed: ${job.error}`);
  if (job.done + job.failed !== issueIds.length) {
    throw new Error(`bulk job ${job.id} accounted for ${job.done + job.failed} of ${issueIds.length} issues`);
  }
  const upstreamCalls = difference(await upstreamCallCounts(dexter.url), before);
  return {
    issues: issueIds.length,
    done: job.done,
    failed: job.failed,
    seconds,
    issuesPerSecond: job.done / seconds,
    upstreamCalls,
    upstreamCallsTotal: Object.values(upstreamCalls).reduce((sum, calls) => sum + calls, 0),
  };
}
