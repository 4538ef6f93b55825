/**
 * Migration 0010: sessions by release. The releases list asks, for each release of a page, whether
 * it has sessions (`hasHealthData`) and its health over the summary period: lookups by project and
 * release, which the hour-first keys of migration 0007 can only answer by scanning every session
 * of the period.
 */
import { type Kysely, type Migration, sql } from 'kysely';

export const releaseHealthIndexMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create index session_states_release on session_states (project_id, release, bucket)`.execute(
      db,
    );
    await sql`create index session_aggregates_release on session_aggregates (project_id, release, bucket)`.execute(
      db,
    );
  },
  async down(db: Kysely<unknown>) {
    await sql`drop index if exists session_aggregates_release`.execute(db);
    await sql`drop index if exists session_states_release`.execute(db);
  },
};
