/**
 * Migration 0007: release health from the SDKs' `session` and `sessions` envelope items.
 * `session_states` holds one row per session id (its updates fold into it, the worst status
 * wins), because counting a session once and its errored state by sid needs the sid. The
 * pre-aggregated `sessions` items have no sid and are summed per project, release, environment
 * and hour in `session_aggregates`. Both are bucketed by the hour the session started.
 */
import { type Kysely, type Migration, sql } from 'kysely';

export const sessionsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('session_states')
      .addColumn('project_id', 'integer', (c) => c.notNull())
      .addColumn('sid', 'text', (c) => c.notNull())
      .addColumn('release', 'text', (c) => c.notNull())
      .addColumn('environment', 'text', (c) => c.notNull())
      .addColumn('bucket', 'bigint', (c) => c.notNull())
      .addColumn('did', 'text')
      .addColumn('init', 'integer', (c) => c.notNull())
      .addColumn('status_rank', 'integer', (c) => c.notNull())
      .addColumn('had_errors', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('session_states_pk', ['project_id', 'sid'])
      .execute();
    await db.schema
      .createIndex('session_states_bucket')
      .on('session_states')
      .columns(['project_id', 'bucket', 'release'])
      .execute();
    await db.schema
      .createTable('session_aggregates')
      .addColumn('project_id', 'integer', (c) => c.notNull())
      .addColumn('release', 'text', (c) => c.notNull())
      .addColumn('environment', 'text', (c) => c.notNull())
      .addColumn('bucket', 'bigint', (c) => c.notNull())
      .addColumn('total', 'integer', (c) => c.notNull())
      .addColumn('errored', 'integer', (c) => c.notNull())
      .addColumn('crashed', 'integer', (c) => c.notNull())
      .addColumn('abnormal', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('session_aggregates_pk', ['project_id', 'bucket', 'release', 'environment'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await sql`drop table if exists session_aggregates`.execute(db);
    await sql`drop table if exists session_states`.execute(db);
  },
};
