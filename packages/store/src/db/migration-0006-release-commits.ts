/**
 * Migration 0006: the commits of releases, as `sentry-cli releases set-commits` sends them.
 * Dexter has no VCS integration, so a repository exists once a release names it (unique name per
 * organization); a commit is unique per repository and sha; an author is unique per organization
 * and email. `release_commits.position` keeps the order sentry-cli sent (0 = newest = the
 * release's `lastCommit`). File changes are kept per commit so suspect commits can match frames.
 */
import { type Kysely, type Migration, sql } from 'kysely';

export const releaseCommitsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('repositories')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('date_created', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('repositories_org_name', ['organization_id', 'name'])
      .execute();
    await db.schema
      .createTable('commit_authors')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id'))
      .addColumn('name', 'text')
      .addColumn('email', 'text', (c) => c.notNull())
      .addUniqueConstraint('commit_authors_org_email', ['organization_id', 'email'])
      .execute();
    await db.schema
      .createTable('commits')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id'))
      .addColumn('repository_id', 'integer', (c) => c.notNull().references('repositories.id'))
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('message', 'text')
      .addColumn('author_id', 'integer', (c) => c.references('commit_authors.id'))
      .addColumn('date_added', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('commits_repo_key', ['repository_id', 'key'])
      .execute();
    await db.schema
      .createTable('release_commits')
      .addColumn('release_id', 'integer', (c) => c.notNull().references('releases.id'))
      .addColumn('commit_id', 'integer', (c) => c.notNull().references('commits.id'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('release_commits_pk', ['release_id', 'commit_id'])
      .execute();
    await db.schema
      .createIndex('release_commits_order')
      .on('release_commits')
      .columns(['release_id', 'position'])
      .execute();
    await db.schema
      .createTable('commit_file_changes')
      .addColumn('commit_id', 'integer', (c) => c.notNull().references('commits.id'))
      .addColumn('filename', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('commit_file_changes_pk', ['commit_id', 'filename'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of [
      'commit_file_changes',
      'release_commits',
      'commits',
      'commit_authors',
      'repositories',
    ]) {
      await sql`drop table if exists ${sql.table(table)}`.execute(db);
    }
  },
};
