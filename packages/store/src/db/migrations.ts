/**
 * Schema migrations of the built-in store, applied in order at start-up by Kysely's Migrator.
 * Never edit a released migration: add a new one.
 */
import { type Kysely, type Migration, type MigrationProvider, sql } from 'kysely';
import { triageMigration } from './migration-0002-triage';
import { rawEncodingMigration } from './migration-0003-raw-encoding';
import { issueListIndexMigration } from './migration-0004-issue-list-index';
import { releasesMigration } from './migration-0005-releases';
import { releaseCommitsMigration } from './migration-0006-release-commits';
import { sessionsMigration } from './migration-0007-sessions';
import { artifactBundlesMigration } from './migration-0008-artifact-bundles';
import { eventRollupMigration } from './migration-0009-event-rollup';
import { releaseHealthIndexMigration } from './migration-0010-release-health-index';
import { spansMigration } from './migration-0011-spans';
import { discoverMigration } from './migration-0012-discover';
import { alertsMigration } from './migration-0013-alerts';
import { discoverPackedMigration } from './migration-0014-discover-packed';
import { replaysMigration } from './migration-0015-replays';
import { spanTransactionIndexMigration } from './migration-0016-span-transaction-index';
import { spanGroupRollupMigration } from './migration-0017-span-group-rollup';
import { eventBodyMigration } from './migration-0018-event-body';
import { metricAlertsMigration } from './migration-0019-metric-alerts';
import { discoverWatermarkMigration } from './migration-0020-discover-watermark';

const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('organizations')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('slug', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('date_created', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('projects')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id'))
      .addColumn('slug', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('platform', 'text')
      .addColumn('date_created', 'bigint', (c) => c.notNull())
      .addColumn('next_short_id', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('first_event', 'bigint')
      .addUniqueConstraint('projects_org_slug', ['organization_id', 'slug'])
      .execute();
    await db.schema
      .createTable('project_keys')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
      .addColumn('public_key', 'text', (c) => c.notNull().unique())
      .addColumn('secret_key', 'text', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('date_created', 'bigint', (c) => c.notNull())
      .addColumn('revoked_at', 'bigint')
      .execute();
    await db.schema
      .createTable('api_tokens')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('date_created', 'bigint', (c) => c.notNull())
      .addColumn('revoked_at', 'bigint')
      .execute();
    await db.schema
      .createTable('issues')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
      .addColumn('short_id_num', 'integer', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('culprit', 'text', (c) => c.notNull())
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('platform', 'text')
      .addColumn('logger', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('substatus', 'text')
      .addColumn('status_details', 'text', (c) => c.notNull())
      .addColumn('metadata', 'text', (c) => c.notNull())
      .addColumn('search_text', 'text', (c) => c.notNull())
      .addColumn('is_unhandled', 'integer', (c) => c.notNull())
      .addColumn('first_seen', 'bigint', (c) => c.notNull())
      .addColumn('last_seen', 'bigint', (c) => c.notNull())
      .addColumn('times_seen', 'integer', (c) => c.notNull())
      .addColumn('user_count', 'integer', (c) => c.notNull())
      .addColumn('first_release', 'text')
      .addColumn('last_release', 'text')
      .execute();
    await db.schema
      .createIndex('issues_project_last_seen')
      .on('issues')
      .columns(['project_id', 'last_seen'])
      .execute();
    await db.schema.createIndex('issues_last_seen').on('issues').columns(['last_seen', 'id']).execute();
    await db.schema
      .createTable('issue_hashes')
      .addColumn('project_id', 'integer', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('issue_id', 'integer', (c) => c.notNull().references('issues.id'))
      .addPrimaryKeyConstraint('issue_hashes_pk', ['project_id', 'hash'])
      .execute();
    await db.schema
      .createTable('events')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('event_id', 'text', (c) => c.notNull())
      .addColumn('project_id', 'integer', (c) => c.notNull())
      .addColumn('issue_id', 'integer', (c) => c.notNull().references('issues.id'))
      .addColumn('timestamp', 'bigint', (c) => c.notNull())
      .addColumn('received_at', 'bigint', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('raw', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addUniqueConstraint('events_project_event_id', ['project_id', 'event_id'])
      .execute();
    await db.schema
      .createIndex('events_issue_time')
      .on('events')
      .columns(['issue_id', 'timestamp', 'id'])
      .execute();
    await db.schema
      .createTable('issue_users')
      .addColumn('issue_id', 'integer', (c) => c.notNull())
      .addColumn('user_key', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('issue_users_pk', ['issue_id', 'user_key'])
      .execute();
    await db.schema
      .createTable('issue_tags')
      .addColumn('issue_id', 'integer', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('times_seen', 'integer', (c) => c.notNull())
      .addColumn('first_seen', 'bigint', (c) => c.notNull())
      .addColumn('last_seen', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('issue_tags_pk', ['issue_id', 'key', 'value'])
      .execute();
    await db.schema
      .createIndex('issue_tags_lookup')
      .on('issue_tags')
      .columns(['key', 'value', 'issue_id'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of [
      'issue_tags',
      'issue_users',
      'events',
      'issue_hashes',
      'issues',
      'api_tokens',
      'project_keys',
      'projects',
      'organizations',
    ]) {
      await sql`drop table if exists ${sql.table(table)}`.execute(db);
    }
  },
};

export const storeMigrations: MigrationProvider = {
  async getMigrations() {
    return {
      '0001_initial': initial,
      '0002_triage': triageMigration,
      '0003_raw_encoding': rawEncodingMigration,
      '0004_issue_list_index': issueListIndexMigration,
      '0005_releases': releasesMigration,
      '0006_release_commits': releaseCommitsMigration,
      '0007_sessions': sessionsMigration,
      '0008_artifact_bundles': artifactBundlesMigration,
      '0009_event_rollup': eventRollupMigration,
      '0010_release_health_index': releaseHealthIndexMigration,
      '0011_spans': spansMigration,
      '0012_discover': discoverMigration,
      '0013_alerts': alertsMigration,
      '0014_discover_packed': discoverPackedMigration,
      '0015_replays': replaysMigration,
      '0016_span_transaction_index': spanTransactionIndexMigration,
      '0017_span_group_rollup': spanGroupRollupMigration,
      '0018_event_body': eventBodyMigration,
      '0019_metric_alerts': metricAlertsMigration,
      '0020_discover_watermark': discoverWatermarkMigration,
    };
  },
};
