/**
 * Migration 0008: source maps as `sentry-cli sourcemaps upload` sends them (`api/artifacts/`).
 * Chunks wait in `file_chunks` (per organization, by SHA-1) until an assemble names them; an
 * assembled bundle keeps each of its files with its URL, type, debug ID and headers, and is
 * linked to the projects and the release/dist it was uploaded for. `artifact_bundle_assemblies`
 * remembers the outcome per checksum, so a repeated assemble answers the same state.
 * Symbolication reads files by debug ID, or by project + release + dist + URL.
 */
import { type Kysely, type Migration, sql } from 'kysely';

export const artifactBundlesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('file_chunks')
      .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id'))
      .addColumn('checksum', 'text', (c) => c.notNull())
      .addColumn('data', 'blob', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('date_created', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('file_chunks_pk', ['organization_id', 'checksum'])
      .execute();
    await db.schema
      .createTable('artifact_bundle_assemblies')
      .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id'))
      .addColumn('checksum', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('detail', 'text')
      .addColumn('date_updated', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('artifact_bundle_assemblies_pk', ['organization_id', 'checksum'])
      .execute();
    await db.schema
      .createTable('artifact_bundles')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id'))
      .addColumn('checksum', 'text', (c) => c.notNull())
      .addColumn('bundle_id', 'text')
      .addColumn('file_count', 'integer', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('date_created', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('artifact_bundles_org_checksum', ['organization_id', 'checksum'])
      .execute();
    await db.schema
      .createTable('artifact_bundle_files')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('artifact_bundle_id', 'integer', (c) => c.notNull().references('artifact_bundles.id'))
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('debug_id', 'text')
      .addColumn('sourcemap', 'text')
      .addColumn('headers', 'text', (c) => c.notNull())
      .addColumn('content', 'blob', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('sha1', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('artifact_bundle_files_debug_id')
      .on('artifact_bundle_files')
      .columns(['debug_id', 'type'])
      .execute();
    await db.schema
      .createIndex('artifact_bundle_files_url')
      .on('artifact_bundle_files')
      .columns(['url', 'artifact_bundle_id'])
      .execute();
    await db.schema
      .createIndex('artifact_bundle_files_bundle')
      .on('artifact_bundle_files')
      .columns(['artifact_bundle_id', 'url'])
      .execute();
    // Project first: "does this project have any bundle?" is a seek, asked for every JS event.
    await db.schema
      .createTable('artifact_bundle_projects')
      .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
      .addColumn('artifact_bundle_id', 'integer', (c) => c.notNull().references('artifact_bundles.id'))
      .addPrimaryKeyConstraint('artifact_bundle_projects_pk', ['project_id', 'artifact_bundle_id'])
      .execute();
    await db.schema
      .createTable('artifact_bundle_releases')
      .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id'))
      .addColumn('release', 'text', (c) => c.notNull())
      .addColumn('dist', 'text', (c) => c.notNull())
      .addColumn('artifact_bundle_id', 'integer', (c) => c.notNull().references('artifact_bundles.id'))
      .addPrimaryKeyConstraint('artifact_bundle_releases_pk', [
        'organization_id',
        'release',
        'dist',
        'artifact_bundle_id',
      ])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of [
      'artifact_bundle_releases',
      'artifact_bundle_projects',
      'artifact_bundle_files',
      'artifact_bundles',
      'artifact_bundle_assemblies',
      'file_chunks',
    ]) {
      await sql`drop table if exists ${sql.table(table)}`.execute(db);
    }
  },
};
