/**
 * Migration 0015: session replay. `replays` is one row per replay, updated by each of its segments
 * (`replays/replay-writer.ts`); `replay_segments` holds each rrweb segment zlib-compressed as it
 * is served back; `replay_errors` links error events to replays (the error's `tags.replayId` or
 * `contexts.replay.replay_id`, and the replay's own `error_ids`), in whichever order they arrive.
 */
import { type Kysely, type Migration, sql } from 'kysely';

export const replaysMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create table replays (
      id text primary key,
      project_id integer not null,
      started_at real not null,
      finished_at real not null,
      segments integer not null,
      bytes integer not null,
      replay_type text,
      environment text,
      release text,
      dist text,
      platform text,
      urls text not null,
      trace_ids text not null,
      user text,
      sdk text,
      contexts text,
      tags text,
      count_clicks integer not null default 0,
      received_at bigint not null
    )`.execute(db);
    await sql`create index replays_project_started on replays (project_id, started_at)`.execute(db);
    await sql`create index replays_finished on replays (finished_at)`.execute(db);
    await sql`create table replay_segments (
      replay_id text not null,
      segment_id integer not null,
      project_id integer not null,
      data blob not null,
      size integer not null,
      received_at bigint not null,
      primary key (replay_id, segment_id)
    ) without rowid`.execute(db);
    await sql`create table replay_errors (
      replay_id text not null,
      project_id integer not null,
      event_id text not null,
      linked_at bigint not null,
      primary key (replay_id, event_id)
    ) without rowid`.execute(db);
    await sql`create index replay_errors_event on replay_errors (project_id, event_id)`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`drop table if exists replay_errors`.execute(db);
    await sql`drop table if exists replay_segments`.execute(db);
    await sql`drop table if exists replays`.execute(db);
  },
};
