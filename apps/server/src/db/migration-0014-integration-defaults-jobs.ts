/**
 * Migration 0014 (features/integrations): per connection and Dexter project, where a new ticket
 * goes and with which labels and assignee; and ticket jobs, which create tickets for many issues
 * (one each, or one for all) with a result per issue. A job item keeps the ticket it created
 * before its link is written, so a restart links it instead of creating a second ticket.
 */
import type { Kysely, Migration } from 'kysely';

export const integrationDefaultsJobsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('integration_project_defaults')
      .addColumn('connection_id', 'integer', (c) =>
        c.notNull().references('integration_connections.id').onDelete('cascade'),
      )
      .addColumn('project', 'text', (c) => c.notNull())
      .addColumn('target', 'text')
      .addColumn('labels', 'text', (c) => c.notNull())
      .addColumn('assignee', 'text')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('integration_project_defaults_pk', ['connection_id', 'project'])
      .execute();
    await db.schema
      .createTable('ticket_jobs')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('org', 'text', (c) => c.notNull())
      .addColumn('connection_id', 'integer', (c) =>
        c.notNull().references('integration_connections.id').onDelete('cascade'),
      )
      .addColumn('mode', 'text', (c) => c.notNull())
      .addColumn('title', 'text')
      .addColumn('labels', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('ticket', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('ticket_job_items')
      .addColumn('job_id', 'integer', (c) => c.notNull().references('ticket_jobs.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('issue_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('ticket', 'text')
      .addColumn('error', 'text')
      .addPrimaryKeyConstraint('ticket_job_items_pk', ['job_id', 'issue_id'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('ticket_job_items').ifExists().execute();
    await db.schema.dropTable('ticket_jobs').ifExists().execute();
    await db.schema.dropTable('integration_project_defaults').ifExists().execute();
  },
};
