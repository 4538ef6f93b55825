/**
 * Migration 0005: releases and their deploys, as `sentry-cli releases|deploys` and Sentry's Web
 * API record them. A release belongs to an organization (its version is unique there) and to one
 * or more of its projects; a deploy belongs to a release. Issues keep naming their releases by
 * version text (`issues.first_release`), so a release row is never required for ingest.
 */
import { type Kysely, type Migration, sql } from 'kysely';

export const releasesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('releases')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id'))
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('ref', 'text')
      .addColumn('url', 'text')
      .addColumn('date_created', 'bigint', (c) => c.notNull())
      .addColumn('date_started', 'bigint')
      .addColumn('date_released', 'bigint')
      .addUniqueConstraint('releases_org_version', ['organization_id', 'version'])
      .execute();
    // The list's order: newest first, id as the tie-break.
    await db.schema
      .createIndex('releases_org_created')
      .on('releases')
      .columns(['organization_id', 'date_created', 'id'])
      .execute();
    await db.schema
      .createTable('release_projects')
      .addColumn('release_id', 'integer', (c) => c.notNull().references('releases.id'))
      .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
      .addPrimaryKeyConstraint('release_projects_pk', ['release_id', 'project_id'])
      .execute();
    await db.schema
      .createIndex('release_projects_project')
      .on('release_projects')
      .columns(['project_id', 'release_id'])
      .execute();
    await db.schema
      .createTable('deploys')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('release_id', 'integer', (c) => c.notNull().references('releases.id'))
      .addColumn('environment', 'text', (c) => c.notNull())
      .addColumn('name', 'text')
      .addColumn('url', 'text')
      .addColumn('date_started', 'bigint')
      .addColumn('date_finished', 'bigint', (c) => c.notNull())
      .execute();
    // `newGroups`: a release's issues are those whose first event named it. `first_release` is set
    // once per issue, so ingest pays one index insert per new issue.
    await db.schema
      .createIndex('issues_project_first_release')
      .on('issues')
      .columns(['project_id', 'first_release'])
      .execute();
    await db.schema.createIndex('deploys_release').on('deploys').columns(['release_id', 'id']).execute();
  },
  async down(db: Kysely<unknown>) {
    await sql`drop index if exists issues_project_first_release`.execute(db);
    for (const table of ['deploys', 'release_projects', 'releases']) {
      await sql`drop table if exists ${sql.table(table)}`.execute(db);
    }
  },
};
