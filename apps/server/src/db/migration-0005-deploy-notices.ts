/**
 * One evaluation per deploy by the after-deploy regression check (features/deploy-health). The
 * primary key is what makes the notice happen once: of two instances (or a restart) evaluating
 * the same deploy, only the insert that lands publishes.
 */
import type { Kysely, Migration } from 'kysely';

export const deployNoticesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('deploy_notices')
      .addColumn('org', 'text', (c) => c.notNull())
      .addColumn('deploy_key', 'text', (c) => c.notNull())
      .addColumn('release', 'text', (c) => c.notNull())
      .addColumn('environment', 'text')
      .addColumn('date_finished', 'bigint', (c) => c.notNull())
      .addColumn('flagged', 'integer', (c) => c.notNull())
      /** JSON: projects, window, both rate comparisons, summary. */
      .addColumn('detail', 'text', (c) => c.notNull())
      .addColumn('evaluated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('deploy_notices_pk', ['org', 'deploy_key'])
      .execute();
    await db.schema
      .createIndex('deploy_notices_release')
      .on('deploy_notices')
      .columns(['org', 'release'])
      .execute();
    await db.schema
      .createIndex('deploy_notices_finished')
      .on('deploy_notices')
      .columns(['org', 'date_finished'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('deploy_notices').ifExists().execute();
  },
};
