/**
 * Saved Discover queries and dashboards, per organization, in Dexter's own database in both modes
 * (why: `features/discover/discover-saved-service.ts`). A dashboard's widgets are one JSON column:
 * they are always read and written with their dashboard, never queried alone. Both go with their
 * owner's account (cascade).
 */
import type { Kysely, Migration } from 'kysely';

export const discoverDashboardsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('discover_saved_queries')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('org', 'text', (c) => c.notNull())
      .addColumn('owner_user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('query', 'text', (c) => c.notNull())
      .addColumn('shared', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('discover_saved_queries_org')
      .on('discover_saved_queries')
      .columns(['org', 'shared', 'owner_user_id'])
      .execute();
    await db.schema
      .createTable('dashboards')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('org', 'text', (c) => c.notNull())
      .addColumn('owner_user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('team', 'text')
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('environment', 'text')
      .addColumn('widgets', 'text', (c) => c.notNull())
      // Set on a team's default dashboard only: the unique index lets one exist per team even
      // when two listings make it at once (NULLs never collide, in SQLite and PostgreSQL alike).
      .addColumn('default_for_team', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('dashboards_team_default')
      .on('dashboards')
      .columns(['org', 'default_for_team'])
      .unique()
      .execute();
    await db.schema
      .createIndex('dashboards_org')
      .on('dashboards')
      .columns(['org', 'scope', 'team'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('dashboards').ifExists().execute();
    await db.schema.dropTable('discover_saved_queries').ifExists().execute();
  },
};
