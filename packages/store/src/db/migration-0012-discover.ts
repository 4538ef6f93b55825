/**
 * Migration 0012: Discover's rollup (`discover/rollup-aggregator.ts`, fed by the ingest writer in
 * the events' own transaction). Per tag key and value, project, environment and hour (and the
 * same per day, so a 14-day window reads 14 rows per group instead of 336): event count, latest
 * event and a mergeable sketch of distinct users. Key '' counts every event.
 *
 * Key columns lead with the tag key and bucket because every query names one key and a window.
 * `discover_rollup_keys` lists the keys each project tracks; `discover_rollup_state` marks a store
 * whose older events still need counting in: the writer does it at start (`discover-rollup-writer.ts`)
 * with the same code as ingest, because a migration cannot register the SQLite function that
 * merges sketches.
 *
 * Also an index of events by project and time: the scan engine reads one window of events.
 */
import { type Kysely, type Migration, sql } from 'kysely';

export const discoverMigration: Migration = {
  async up(db: Kysely<unknown>) {
    for (const tier of ['hour', 'day']) {
      await sql`
        create table ${sql.table(`discover_rollup_${tier}`)} (
          key text not null,
          bucket bigint not null,
          project_id integer not null,
          environment text not null,
          value text not null,
          events integer not null,
          last_seen bigint not null,
          users blob,
          primary key (key, bucket, project_id, environment, value)
        ) without rowid`.execute(db);
    }
    await sql`
      create table discover_rollup_keys (
        project_id integer not null,
        key text not null,
        primary key (project_id, key)
      ) without rowid`.execute(db);
    await sql`create table discover_rollup_state (backfill_after_id integer)`.execute(db);
    await sql`insert into discover_rollup_state (backfill_after_id)
      select 0 where exists (select 1 from events)`.execute(db);
    await sql`create index events_project_time on events (project_id, timestamp)`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`drop index if exists events_project_time`.execute(db);
    for (const table of [
      'discover_rollup_state',
      'discover_rollup_keys',
      'discover_rollup_day',
      'discover_rollup_hour',
    ]) {
      await sql`drop table if exists ${sql.table(table)}`.execute(db);
    }
  },
};
