/**
 * Migration 0011: tracing. `spans` holds every span the store keeps, transactions included (a
 * transaction is its segment span, `is_segment = 1`, carrying the transaction's event id), so one
 * table answers the trace waterfall and `dataset=spans`. `trace_span_counts` bounds a trace's size
 * (`tracing/span-limits.ts`). Error events get their `contexts.trace` ids as columns, indexed, so a
 * trace finds its errors without parsing every event.
 */
import { type Kysely, type Migration, sql } from 'kysely';

export const spansMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create table spans (
      id integer primary key,
      project_id integer not null,
      trace_id text not null,
      span_id text not null,
      parent_span_id text,
      segment_id text,
      event_id text,
      is_segment integer not null,
      op text,
      description text,
      "transaction" text,
      status text not null,
      start_ms real not null,
      end_ms real not null,
      environment text,
      release text,
      sdk_name text,
      data text,
      received_at bigint not null
    )`.execute(db);
    // The waterfall reads a trace by id; the unique key also makes an SDK's resend a no-op.
    await sql`create unique index spans_trace_span on spans (trace_id, span_id, project_id)`.execute(db);
    // Time-range queries (`dataset=spans`) and retention.
    await sql`create index spans_time on spans (end_ms)`.execute(db);
    await sql`create table trace_span_counts (
      trace_id text primary key,
      spans integer not null,
      dropped integer not null default 0,
      last_ms real not null
    ) without rowid`.execute(db);
    await sql`alter table events add column trace_id text`.execute(db);
    await sql`alter table events add column span_id text`.execute(db);
    await sql`create index events_trace on events (trace_id) where trace_id is not null`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`drop index if exists events_trace`.execute(db);
    await sql`alter table events drop column span_id`.execute(db);
    await sql`alter table events drop column trace_id`.execute(db);
    await sql`drop table if exists trace_span_counts`.execute(db);
    await sql`drop table if exists spans`.execute(db);
  },
};
