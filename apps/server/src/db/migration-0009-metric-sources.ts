/**
 * Business-metric sources (features/metric-correlation) and their samples: a CSV upload, or a
 * Prometheus-compatible endpoint polled on an interval. A source's bearer token is not here: it is
 * sealed by the secrets service under the name `metric-source-<id>`. Samples go with their source.
 */
import type { Kysely, Migration } from 'kysely';

export const metricSourcesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('metric_sources')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('org', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('base_url', 'text')
      .addColumn('query', 'text')
      .addColumn('step_seconds', 'integer')
      .addColumn('poll_seconds', 'integer')
      .addColumn('has_token', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_polled_at', 'bigint')
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('metric_sources_org').on('metric_sources').column('org').execute();
    await db.schema
      .createTable('metric_points')
      .addColumn('source_id', 'integer', (c) =>
        c.notNull().references('metric_sources.id').onDelete('cascade'),
      )
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('value', 'double precision', (c) => c.notNull())
      .addPrimaryKeyConstraint('metric_points_pk', ['source_id', 'at'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('metric_points').ifExists().execute();
    await db.schema.dropTable('metric_sources').ifExists().execute();
  },
};
