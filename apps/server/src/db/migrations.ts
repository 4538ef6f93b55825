/**
 * Schema migrations of Dexter's own database, applied in order at start-up by Kysely's Migrator.
 * Only the dialect-neutral schema builder is used, so PostgreSQL can run the same migrations.
 * Never edit a released migration: add a new one.
 */
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { similarityFeedbackMigration } from './migration-0002-similarity-feedback';
import { bulkJobsMigration } from './migration-0003-bulk-jobs';
import { savedViewsMigration } from './migration-0004-saved-views';
import { deployNoticesMigration } from './migration-0005-deploy-notices';
import { commentAuthorsMigration } from './migration-0006-comment-authors';
import { secretUrlCredentialsMigration } from './migration-0007-secret-url-credentials';
import { alertsMigration } from './migration-0008-alerts';
import { metricSourcesMigration } from './migration-0009-metric-sources';
import { discoverDashboardsMigration } from './migration-0010-discover-dashboards';
import { integrationsMigration } from './migration-0011-integrations';
import { chatMigration } from './migration-0012-chat';
import { alertSnoozesMigration } from './migration-0013-alert-snoozes';
import { integrationDefaultsJobsMigration } from './migration-0014-integration-defaults-jobs';
import { chatDeliveryMigration } from './migration-0015-chat-delivery';
import { leasesMigration } from './migration-0016-leases';

const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('users')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('email', 'text')
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text')
      .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('oidc_subject', 'text', (c) => c.unique())
      .addColumn('disabled_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('sessions')
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('method', 'text', (c) => c.notNull())
      .addColumn('ip', 'text')
      .addColumn('user_agent', 'text')
      .execute();
    await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
    await db.schema
      .createTable('personal_api_tokens')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('token_prefix', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('last_used_at', 'bigint')
      .addColumn('revoked_at', 'bigint')
      .execute();
    await db.schema
      .createIndex('personal_api_tokens_user')
      .on('personal_api_tokens')
      .column('user_id')
      .execute();
    await db.schema
      .createTable('audit_log')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('actor_user_id', 'integer')
      .addColumn('actor_name', 'text')
      .addColumn('actor_kind', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('targets', 'text', (c) => c.notNull())
      .addColumn('result', 'text', (c) => c.notNull())
      .addColumn('status', 'integer', (c) => c.notNull())
      .addColumn('source_ip', 'text')
      .addColumn('request_id', 'text')
      .addColumn('detail', 'text')
      .execute();
    await db.schema.createIndex('audit_log_at').on('audit_log').columns(['at', 'id']).execute();
    await db.schema
      .createTable('secrets')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('ciphertext', 'text', (c) => c.notNull())
      .addColumn('key_id', 'text', (c) => c.notNull())
      .addColumn('url', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of ['secrets', 'audit_log', 'personal_api_tokens', 'sessions', 'users']) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};

export const dexterMigrations: MigrationProvider = {
  async getMigrations() {
    return {
      '0001_auth_audit_secrets': initial,
      '0002_similarity_feedback': similarityFeedbackMigration,
      '0003_bulk_jobs': bulkJobsMigration,
      '0004_saved_views': savedViewsMigration,
      '0005_deploy_notices': deployNoticesMigration,
      '0006_comment_authors': commentAuthorsMigration,
      '0007_secret_url_credentials': secretUrlCredentialsMigration,
      '0008_alerts': alertsMigration,
      '0009_metric_sources': metricSourcesMigration,
      '0010_discover_dashboards': discoverDashboardsMigration,
      '0011_integrations': integrationsMigration,
      '0012_chat': chatMigration,
      '0013_alert_snoozes': alertSnoozesMigration,
      '0014_integration_defaults_jobs': integrationDefaultsJobsMigration,
      '0015_chat_delivery': chatDeliveryMigration,
      '0016_leases': leasesMigration,
    };
  },
};
