/**
 * Saved views of the issue stream, per organization: private to their owner unless shared. A
 * view goes with its owner's account (cascade).
 */
import type { Kysely, Migration } from 'kysely';

export const savedViewsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('saved_views')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('org', 'text', (c) => c.notNull())
      .addColumn('owner_user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('query', 'text', (c) => c.notNull())
      .addColumn('sort', 'text', (c) => c.notNull())
      .addColumn('projects', 'text', (c) => c.notNull())
      .addColumn('shared', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('saved_views_owner')
      .on('saved_views')
      .columns(['org', 'owner_user_id'])
      .execute();
    await db.schema.createIndex('saved_views_shared').on('saved_views').columns(['org', 'shared']).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('saved_views').ifExists().execute();
  },
};
