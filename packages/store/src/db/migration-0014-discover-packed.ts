/**
 * Migration 0014: Discover's rollup read in fewer rows, and counted in without blocking start.
 *
 * `discover_rollup_packed`: once an hour (or day) is settled, the background packer
 * (`discover/rollup-packing.ts`) folds all of its rollup rows of one tag key, project and
 * environment into one row: `counts` holds (value id, events, last seen) per tag value and `users`
 * their sketches, back to back. A 14-day `count_unique(user)` by a tag with 1,000 values then reads
 * a few hundred rows instead of ~90,000 (one SQLite row and one sketch-merge callback each).
 * `discover_rollup_packed_buckets` marks which (key, tier, bucket) are packed; a write into a
 * packed bucket (a late event) unmarks it in the writer's transaction, so queries never read a
 * stale pack. `discover_rollup_values` numbers tag values per project and key for the packs.
 *
 * `discover_rollup_backfill` replaces 0012's `discover_rollup_state`: per project, the events it
 * still has to count in (ids up to `until_id`, newest first from the keyset cursor
 * `cursor_ts`/`cursor_id`), so the backfill runs in small batches in the background, resumes
 * after a restart, and queries read the rollup for the hours the backfill has passed and the
 * events for the rest. A store caught inside 0012's one-shot backfill (or with the rollup off)
 * starts over: the rollup is derived data.
 */
import { type Kysely, type Migration, sql } from 'kysely';

export const discoverPackedMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`
      create table discover_rollup_packed (
        key text not null,
        tier text not null,
        bucket bigint not null,
        project_id integer not null,
        environment text not null,
        counts blob not null,
        users blob
      )`.execute(db);
    await sql`create unique index discover_rollup_packed_key
      on discover_rollup_packed (key, tier, bucket, project_id, environment)`.execute(db);
    await sql`create index discover_rollup_packed_bucket on discover_rollup_packed (tier, bucket)`.execute(
      db,
    );
    await sql`
      create table discover_rollup_packed_buckets (
        key text not null,
        tier text not null,
        bucket bigint not null,
        primary key (key, tier, bucket)
      ) without rowid`.execute(db);
    await sql`create index discover_rollup_packed_buckets_bucket
      on discover_rollup_packed_buckets (tier, bucket)`.execute(db);
    await sql`
      create table discover_rollup_values (
        id integer primary key,
        project_id integer not null,
        key text not null,
        value text not null
      )`.execute(db);
    await sql`create unique index discover_rollup_values_value
      on discover_rollup_values (project_id, key, value)`.execute(db);
    await sql`
      create table discover_rollup_backfill (
        project_id integer primary key,
        until_id integer,
        cursor_ts bigint,
        cursor_id integer
      )`.execute(db);
    const { rows } = await sql<{ n: number }>`select count(*) as n from discover_rollup_state`.execute(db);
    if ((rows[0]?.n ?? 0) > 0) {
      for (const table of ['discover_rollup_hour', 'discover_rollup_day', 'discover_rollup_keys']) {
        await sql`delete from ${sql.table(table)}`.execute(db);
      }
      await sql`insert into discover_rollup_backfill (project_id)
        select distinct project_id from events`.execute(db);
    }
    await sql`drop table discover_rollup_state`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`create table discover_rollup_state (backfill_after_id integer)`.execute(db);
    await sql`insert into discover_rollup_state (backfill_after_id)
      select 0 where exists (select 1 from discover_rollup_backfill)`.execute(db);
    for (const table of [
      'discover_rollup_backfill',
      'discover_rollup_values',
      'discover_rollup_packed_buckets',
      'discover_rollup_packed',
    ]) {
      await sql`drop table if exists ${sql.table(table)}`.execute(db);
    }
  },
};
