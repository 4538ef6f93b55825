/**
 * Commits an envelope's spans in one transaction of their own, so the ingest route answers 200
 * only once they are on disk, and a span write never fails an error event (or the other way).
 * Like the event writer it runs better-sqlite3 statements prepared once on the writer's
 * connection (held through Kysely so nothing interleaves): spans are the highest-volume rows.
 *
 * Bounds (`span-limits.ts`): a trace keeps at most MAX_SPANS_PER_TRACE spans (the rest are counted
 * in `trace_span_counts.dropped`), and every PRUNE_EVERY commits spans past the retention are
 * deleted, PRUNE_BATCH at a time, with the counts of traces that ended before it. At most
 * `maxPending` envelopes wait for the writer; beyond, `SpanBacklogError` (the route answers 429),
 * as the event write queue refuses work instead of growing memory.
 *
 * Child spans are also rolled up per transaction, operation, description and hour in the same
 * commit (`span_group_hours`, migration 0017): an envelope's spans are grouped here first, so a
 * transaction of 1,000 spans of a few kinds costs a few upserts.
 */
import type { Database } from 'better-sqlite3';
import type { StoreDb } from '../db/database';
import { addDuration, type Histogram } from './duration-histogram';
import { registerSpanFunctions } from './span-functions';
import type { ParsedSpans, SpanRecord } from './span-items';
import { MAX_SPANS_PER_TRACE, PRUNE_BATCH, SPAN_RETENTION_MS } from './span-limits';

const PRUNE_EVERY = 200;
const HOUR_MS = 3_600_000;

interface GroupHour {
  transaction: string;
  hourMs: number;
  environment: string;
  op: string;
  description: string;
  spans: number;
  totalMs: number;
  minMs: number;
  maxMs: number;
  histogram: Histogram;
}
/** Envelopes (up to 1,000 spans each) waiting for their commit. */
const DEFAULT_MAX_PENDING = 200;

export class SpanBacklogError extends Error {
  constructor(readonly pending: number) {
    super(`span writes are backed up (${pending} envelopes waiting)`);
  }
}

export interface SpanWriterOptions {
  db: StoreDb;
  sqlite: Database;
  now: () => number;
  maxSpansPerTrace?: number;
  retentionMs?: number;
  maxPending?: number;
}

export interface SpanStats {
  written: number;
  unsampled: number;
  dropped: number;
  overTraceLimit: number;
}

export function createSpanWriter({
  db,
  sqlite,
  now,
  maxSpansPerTrace = MAX_SPANS_PER_TRACE,
  retentionMs = SPAN_RETENTION_MS,
  maxPending = DEFAULT_MAX_PENDING,
}: SpanWriterOptions) {
  // The readers of dataset=spans share this connection; their percentiles need it.
  registerSpanFunctions(sqlite);
  const insert = sqlite.prepare(
    `insert into spans (project_id, trace_id, span_id, parent_span_id, segment_id, event_id, is_segment, op,
       description, "transaction", status, start_ms, end_ms, environment, release, sdk_name, data, received_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     on conflict do nothing`,
  );
  const rollUp = sqlite.prepare(
    `insert into span_group_hours ("transaction", hour_ms, project_id, environment, op, description, spans,
       total_ms, min_ms, max_ms, histogram)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     on conflict do update set spans = spans + excluded.spans, total_ms = total_ms + excluded.total_ms,
       min_ms = min(min_ms, excluded.min_ms), max_ms = max(max_ms, excluded.max_ms),
       histogram = dexter_histogram_merge(histogram, excluded.histogram)`,
  );
  const pruneGroups = sqlite.prepare('delete from span_group_hours where hour_ms < ?');
  const countOf = sqlite.prepare('select spans from trace_span_counts where trace_id = ?').pluck();
  const addCount = sqlite.prepare(
    `insert into trace_span_counts (trace_id, spans, dropped, last_ms) values (?, ?, ?, ?)
     on conflict (trace_id) do update set spans = spans + excluded.spans, dropped = dropped + excluded.dropped,
       last_ms = max(last_ms, excluded.last_ms)`,
  );
  const pruneSpans = sqlite.prepare(
    'delete from spans where id in (select id from spans where end_ms < ? order by end_ms limit ?)',
  );
  const pruneCounts = sqlite.prepare('delete from trace_span_counts where last_ms < ?');
  const begin = sqlite.prepare('begin immediate');
  const commit = sqlite.prepare('commit');
  const rollback = sqlite.prepare('rollback');
  const stats: SpanStats = { written: 0, unsampled: 0, dropped: 0, overTraceLimit: 0 };
  let commits = 0;
  let pending = 0;

  function writeTrace(
    projectId: number,
    traceId: string,
    spans: SpanRecord[],
    receivedAt: number,
    groups: Map<string, GroupHour>,
  ): void {
    const existing = (countOf.get(traceId) as number | undefined) ?? 0;
    const room = Math.max(0, maxSpansPerTrace - existing);
    let written = 0;
    let lastMs = 0;
    for (const s of spans.slice(0, room)) {
      const result = insert.run(
        projectId,
        traceId,
        s.spanId,
        s.parentSpanId,
        s.segmentId,
        s.eventId,
        s.isSegment ? 1 : 0,
        s.op,
        s.description,
        s.transaction,
        s.status,
        s.startMs,
        s.endMs,
        s.environment,
        s.release,
        s.sdkName,
        s.data,
        receivedAt,
      );
      written += result.changes;
      if (s.endMs > lastMs) lastMs = s.endMs;
      // Only spans really stored (a resend is a no-op) count in the rollup.
      if (result.changes > 0 && !s.isSegment) addToGroup(groups, s);
    }
    const over = Math.max(0, spans.length - room);
    addCount.run(traceId, written, over, lastMs);
    stats.written += written;
    stats.overTraceLimit += over;
  }

  function writeGroups(projectId: number, groups: Map<string, GroupHour>): void {
    for (const g of groups.values()) {
      rollUp.run(
        g.transaction,
        g.hourMs,
        projectId,
        g.environment,
        g.op,
        g.description,
        g.spans,
        g.totalMs,
        g.minMs,
        g.maxMs,
        JSON.stringify(g.histogram),
      );
    }
  }

  function prune(): void {
    const cutoff = now() - retentionMs;
    pruneSpans.run(cutoff, PRUNE_BATCH);
    // Whole hours only: an hour is dropped once all of its spans are past the retention.
    pruneGroups.run(Math.floor(cutoff / HOUR_MS) * HOUR_MS - HOUR_MS);
    pruneCounts.run(cutoff);
  }

  return {
    /** Resolves once the spans are committed; rejects (nothing written) when the commit fails. */
    write(projectId: number, parsed: ParsedSpans, receivedAt: number): Promise<void> {
      stats.unsampled += parsed.unsampled;
      stats.dropped += parsed.dropped;
      if (parsed.records.length === 0) return Promise.resolve();
      if (pending >= maxPending) return Promise.reject(new SpanBacklogError(pending));
      const byTrace = new Map<string, SpanRecord[]>();
      for (const record of parsed.records) {
        const list = byTrace.get(record.traceId);
        if (list) list.push(record);
        else byTrace.set(record.traceId, [record]);
      }
      pending += 1;
      return db
        .connection()
        .execute(async () => {
          begin.run();
          try {
            const groups = new Map<string, GroupHour>();
            for (const [traceId, spans] of byTrace) writeTrace(projectId, traceId, spans, receivedAt, groups);
            writeGroups(projectId, groups);
            if (++commits % PRUNE_EVERY === 0) prune();
            commit.run();
          } catch (error) {
            if (sqlite.inTransaction) rollback.run();
            throw error;
          }
        })
        .finally(() => {
          pending -= 1;
        });
    },
    /** Deletes spans past the retention now (tests, and stores that ingest little). */
    prune: () =>
      db.connection().execute(async () => {
        prune();
      }),
    stats: (): SpanStats => ({ ...stats }),
  };
}

export type SpanWriter = ReturnType<typeof createSpanWriter>;

function addToGroup(groups: Map<string, GroupHour>, s: SpanRecord): void {
  const hourMs = Math.floor(s.endMs / HOUR_MS) * HOUR_MS;
  const transaction = s.transaction ?? '';
  const environment = s.environment ?? '';
  const op = s.op ?? '';
  const description = s.description ?? '';
  const key = `${hourMs}\u0000${transaction}\u0000${environment}\u0000${op}\u0000${description}`;
  const ms = s.endMs - s.startMs;
  let group = groups.get(key);
  if (!group) {
    group = {
      transaction,
      hourMs,
      environment,
      op,
      description,
      spans: 0,
      totalMs: 0,
      minMs: ms,
      maxMs: ms,
      histogram: {},
    };
    groups.set(key, group);
  }
  group.spans += 1;
  group.totalMs += ms;
  if (ms < group.minMs) group.minMs = ms;
  if (ms > group.maxMs) group.maxMs = ms;
  addDuration(group.histogram, ms);
}
