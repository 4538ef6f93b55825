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
 */
import type { Database } from 'better-sqlite3';
import type { StoreDb } from '../db/database';
import { registerSpanFunctions } from './span-functions';
import type { ParsedSpans, SpanRecord } from './span-items';
import { MAX_SPANS_PER_TRACE, PRUNE_BATCH, SPAN_RETENTION_MS } from './span-limits';

const PRUNE_EVERY = 200;
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

  function writeTrace(projectId: number, traceId: string, spans: SpanRecord[], receivedAt: number): void {
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
    }
    const over = Math.max(0, spans.length - room);
    addCount.run(traceId, written, over, lastMs);
    stats.written += written;
    stats.overTraceLimit += over;
  }

  function prune(): void {
    const cutoff = now() - retentionMs;
    pruneSpans.run(cutoff, PRUNE_BATCH);
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
            for (const [traceId, spans] of byTrace) writeTrace(projectId, traceId, spans, receivedAt);
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
