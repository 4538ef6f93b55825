/**
 * Migration 0008: the alert delivery outbox. One row per action of each firing the store recorded
 * (`fire_id`, `action_index` unique, so a firing read twice, by a restarted or a second instance,
 * is queued once). A row is claimed by a lease (`lease_until`), so two instances never send it
 * both; it ends `delivered` or `dead` (dead-lettered with its last error).
 */
import type { Kysely, Migration } from 'kysely';

export const alertsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('alert_deliveries')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('fire_id', 'bigint', (c) => c.notNull())
      .addColumn('action_index', 'integer', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('org', 'text', (c) => c.notNull())
      .addColumn('rule_id', 'bigint', (c) => c.notNull())
      .addColumn('rule_name', 'text', (c) => c.notNull())
      .addColumn('issue_id', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
      .addColumn('lease_until', 'bigint')
      .addColumn('last_error', 'text')
      .addColumn('fired_at', 'bigint', (c) => c.notNull())
      .addColumn('delivered_at', 'bigint')
      .addUniqueConstraint('alert_deliveries_fire_action', ['fire_id', 'action_index'])
      .execute();
    await db.schema
      .createIndex('alert_deliveries_due')
      .on('alert_deliveries')
      .columns(['status', 'next_attempt_at'])
      .execute();
    await db.schema
      .createIndex('alert_deliveries_rule')
      .on('alert_deliveries')
      .columns(['rule_id', 'id'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('alert_deliveries').ifExists().execute();
  },
};
