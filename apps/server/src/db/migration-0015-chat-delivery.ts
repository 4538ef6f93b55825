/**
 * Migration 0015: chat delivery (features/chat). `chat_deliveries` is the durable, bounded queue of
 * everything Dexter posts to Slack or Teams: a row per message with its status (`pending`, `held`
 * for quiet hours or a digest, `digested` once folded into a digest row, `delivered`, `dead`),
 * attempts, the next attempt and the last error; a lease lets one instance claim a row at a time.
 * Routes gain what else they may match (a team or an alert rule; '' when unused, so the unique index
 * holds), quiet hours in a time zone, and a digest period.
 */
import type { Kysely, Migration } from 'kysely';

export const chatDeliveryMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('chat_deliveries')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('org', 'text', (c) => c.notNull())
      .addColumn('connection_id', 'integer', (c) => c.notNull())
      .addColumn('route_id', 'integer')
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('issue_id', 'text')
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
      .addColumn('lease_until', 'bigint')
      .addColumn('last_error', 'text')
      .addColumn('digest_id', 'integer')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('delivered_at', 'bigint')
      .execute();
    await db.schema
      .createIndex('chat_deliveries_due')
      .on('chat_deliveries')
      .columns(['status', 'next_attempt_at'])
      .execute();
    await db.schema.createIndex('chat_deliveries_org').on('chat_deliveries').columns(['org', 'id']).execute();

    for (const column of ['team', 'alert_rule'])
      await db.schema
        .alterTable('chat_routes')
        .addColumn(column, 'text', (c) => c.notNull().defaultTo(''))
        .execute();
    for (const column of ['quiet_tz', 'quiet_start', 'quiet_end'])
      await db.schema.alterTable('chat_routes').addColumn(column, 'text').execute();
    await db.schema
      .alterTable('chat_routes')
      .addColumn('digest', 'text', (c) => c.notNull().defaultTo('off'))
      .execute();
    await db.schema.dropIndex('chat_routes_project').execute();
    await db.schema
      .createIndex('chat_routes_target')
      .on('chat_routes')
      .columns(['org', 'project', 'team', 'alert_rule', 'connection_id', 'channel'])
      .unique()
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('chat_deliveries').ifExists().execute();
  },
};
