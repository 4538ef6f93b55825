/**
 * Code and ticket integrations (features/integrations): connections to GitHub, Jira and Linear,
 * the links between Dexter issues and vendor tickets (many to many), and the webhook deliveries
 * already handled (de-duplication on the vendor's delivery id). A connection's API token and
 * webhook secret are not here: the secrets service seals them as `integration-<id>-token` and
 * `integration-<id>-webhook`.
 */
import type { Kysely, Migration } from 'kysely';

export const integrationsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('integration_connections')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('org', 'text', (c) => c.notNull())
      .addColumn('vendor', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('base_url', 'text', (c) => c.notNull())
      .addColumn('account', 'text')
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('resolve_on_close', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('integration_connections_org')
      .on('integration_connections')
      .column('org')
      .execute();
    await db.schema
      .createTable('ticket_links')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('org', 'text', (c) => c.notNull())
      .addColumn('issue_id', 'text', (c) => c.notNull())
      .addColumn('connection_id', 'integer', (c) =>
        c.notNull().references('integration_connections.id').onDelete('cascade'),
      )
      .addColumn('ticket_key', 'text', (c) => c.notNull())
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('state_label', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('ticket_links_unique', ['connection_id', 'ticket_key', 'issue_id'])
      .execute();
    await db.schema
      .createIndex('ticket_links_issue')
      .on('ticket_links')
      .columns(['org', 'issue_id'])
      .execute();
    await db.schema
      .createIndex('ticket_links_ticket')
      .on('ticket_links')
      .columns(['connection_id', 'ticket_key'])
      .execute();
    await db.schema
      .createTable('integration_deliveries')
      .addColumn('connection_id', 'integer', (c) =>
        c.notNull().references('integration_connections.id').onDelete('cascade'),
      )
      .addColumn('delivery_id', 'text', (c) => c.notNull())
      .addColumn('received_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('integration_deliveries_pk', ['connection_id', 'delivery_id'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('integration_deliveries').ifExists().execute();
    await db.schema.dropTable('ticket_links').ifExists().execute();
    await db.schema.dropTable('integration_connections').ifExists().execute();
  },
};
