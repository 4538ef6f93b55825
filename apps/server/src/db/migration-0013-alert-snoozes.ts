/**
 * Migration 0013: rule snoozes. While `until` is ahead, the firings of the rule (`kind` issue or
 * metric: their ids are separate spaces upstream) are recorded in the outbox as `snoozed` instead
 * of being sent, so the history still shows what was held back. One row per rule; unsnoozing
 * deletes it.
 */
import type { Kysely, Migration } from 'kysely';

export const alertSnoozesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('alert_rule_snoozes')
      .addColumn('org', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('rule_id', 'text', (c) => c.notNull())
      .addColumn('until', 'bigint', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('alert_rule_snoozes_pk', ['org', 'kind', 'rule_id'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('alert_rule_snoozes').ifExists().execute();
  },
};
