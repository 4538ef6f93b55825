/**
 * Migration 0020: `discover_rollup_watermark`, the last event id Discover's rollup has counted
 * (`discover/discover-rollup-writer.ts`). Ingest no longer folds each batch into the rollup inside
 * the batch's commit: the rollup follows the committed events a moment later, in larger batches,
 * and reads catch it up first. Events above the watermark at start (a crash between a commit and
 * the rollup's catch-up) are counted in from `events` before ingest resumes.
 *
 * One row. An upgraded store starts with every event counted: the in-transaction rollup (or its
 * backfill, which has its own cursor) already holds them.
 */
import { type Kysely, type Migration, sql } from 'kysely';

export const discoverWatermarkMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`
      create table discover_rollup_watermark (
        id integer primary key check (id = 1),
        event_id integer not null
      )`.execute(db);
    await sql`insert into discover_rollup_watermark (id, event_id)
      select 1, coalesce(max(id), 0) from events`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`drop table if exists discover_rollup_watermark`.execute(db);
  },
};
