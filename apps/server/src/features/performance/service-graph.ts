/**
 * The service dependency graph: services are projects (each service reports with its own DSN),
 * an edge is a call from one service into another, i.e. a span whose parent span lives in another
 * service (the callee's server span under the caller's HTTP client span). Nodes carry their
 * transactions' count, failure rate and p95 (`dataset=spans` grouped by project); edges their
 * call count, error rate (calls whose callee span failed or holds an error) and p95 of the
 * callee span's duration.
 *
 * Edges come from the traces themselves, read through the trace endpoint (the one call Sentry
 * and the store both answer with parent links): the traces of the range that span at least two
 * transactions, most transactions first, at most MAX_TRACES of them. `complete` says whether
 * that was every such trace; when not, the counts are those of the traces read.
 */

import type { PerformanceQuery, ServiceGraph } from '@dexter/contracts';
import type { SentryClient } from '@dexter/sentry-client';
import type { TraceItem } from '@dexter/sentry-wire';
import { periodMs } from './performance-service';
import { num, type SpanQueries } from './span-queries';

const MAX_TRACES = 100;

/** The q-quantile of ascending values, linear between the nearest ranks (as the store computes it). */
function quantile(sorted: Float64Array, q: number): number | null {
  if (sorted.length === 0) return null;
  const rank = (sorted.length - 1) * q;
  const low = Math.floor(rank);
  const high = Math.min(sorted.length - 1, low + 1);
  return sorted[low]! + (rank - low) * (sorted[high]! - sorted[low]!);
}
const TRACE_READS_AT_ONCE = 4;
const OK_STATUSES = new Set(['ok', 'cancelled', 'unknown', 'unknown_error']);

interface EdgeTally {
  source: string;
  target: string;
  calls: number;
  errors: number;
  durations: number[];
}

export function createServiceGraph({
  spans,
  sentry,
  now,
}: {
  spans: SpanQueries;
  sentry: Pick<SentryClient, 'traces'>;
  now: () => number;
}) {
  return async function serviceGraph(org: string, query: PerformanceQuery): Promise<ServiceGraph> {
    const end = now();
    const range = {
      start: end - periodMs(query.statsPeriod),
      end,
      environment: query.environment,
      project: query.project,
    };
    const [services, traceRows] = await Promise.all([
      spans.table(org, range, {
        field: ['project', 'count()', 'failure_rate()', 'p95(span.duration)'],
        query: 'is_transaction:true',
        sort: '-count()',
        per_page: '100',
      }),
      spans.table(org, range, {
        field: ['trace', 'count()'],
        query: 'is_transaction:true',
        sort: '-count()',
        per_page: String(MAX_TRACES),
      }),
    ]);
    const traceIds = traceRows
      .filter((row) => (num(row, 'count()') ?? 0) >= 2)
      .map((row) => String(row.trace));
    const tallies = new Map<string, EdgeTally>();
    let next = 0;
    const worker = async () => {
      while (next < traceIds.length) {
        const traceId = traceIds[next++]!;
        const items = await sentry.traces.get(org, traceId, {
          statsPeriod: query.statsPeriod,
          additionalAttributes: ['span.status'],
        });
        countCalls(items, tallies);
      }
    };
    await Promise.all(Array.from({ length: TRACE_READS_AT_ONCE }, worker));

    const nodes = new Map(
      services.map((row) => [
        String(row.project),
        {
          id: String(row.project),
          transactions: num(row, 'count()') ?? 0,
          failureRate: num(row, 'failure_rate()'),
          p95: num(row, 'p95(span.duration)'),
        },
      ]),
    );
    const edges = [...tallies.values()].map((tally) => {
      for (const id of [tally.source, tally.target]) {
        if (!nodes.has(id)) nodes.set(id, { id, transactions: 0, failureRate: null, p95: null });
      }
      return {
        source: tally.source,
        target: tally.target,
        calls: tally.calls,
        errorRate: tally.errors / tally.calls,
        p95: quantile(Float64Array.from(tally.durations).sort(), 0.95),
      };
    });
    edges.sort((a, b) => b.calls - a.calls);
    return {
      statsPeriod: query.statsPeriod,
      tracesRead: traceIds.length,
      complete: traceRows.length < MAX_TRACES,
      nodes: [...nodes.values()],
      edges,
    };
  };
}

export type ServiceGraphReader = ReturnType<typeof createServiceGraph>;

const isSpan = (item: TraceItem) => (item.event_type ?? 'span') === 'span';

/** A span's status: its own field, or Sentry's EAP attribute when asked for. */
function statusOf(item: TraceItem): string | null {
  if (typeof item.status === 'string') return item.status;
  const status = item.additional_attributes?.['span.status'];
  return typeof status === 'string' ? status : null;
}

function durationOf(item: TraceItem): number {
  if (typeof item.duration === 'number') return item.duration;
  const start = item.start_timestamp ?? 0;
  return ((item.end_timestamp ?? start) - start) * 1000;
}

/**
 * Adds the trace's cross-service calls: each span whose parent span is in another project. The
 * tree is walked with an explicit stack, so a deep trace cannot overflow it.
 */
export function countCalls(roots: readonly TraceItem[], tallies: Map<string, EdgeTally>): void {
  const stack: Array<{ item: TraceItem; caller: string | null }> = roots.map((item) => ({
    item,
    caller: null,
  }));
  while (stack.length > 0) {
    const { item, caller } = stack.pop()!;
    if (!isSpan(item)) continue;
    const project = item.project_slug ?? '';
    if (caller !== null && project !== '' && caller !== project) {
      const key = `${caller}\u0000${project}`;
      let tally = tallies.get(key);
      if (!tally) {
        tally = { source: caller, target: project, calls: 0, errors: 0, durations: [] };
        tallies.set(key, tally);
      }
      tally.calls += 1;
      const status = statusOf(item);
      if ((status !== null && !OK_STATUSES.has(status)) || (item.errors?.length ?? 0) > 0) tally.errors += 1;
      tally.durations.push(durationOf(item));
    }
    for (const child of item.children ?? []) stack.push({ item: child, caller: project || caller });
  }
}
