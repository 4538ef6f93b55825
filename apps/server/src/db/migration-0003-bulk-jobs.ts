/**
 * Bulk jobs and their per-issue results, so a job survives a restart: on start, Dexter resumes
 * the jobs that were resolving or running. Items are keyed by (job, issue), so resolving an id
 * set twice (after a restart mid-resolution) cannot duplicate an issue; the (job, status,
 * project) index serves "the next chunk of one project" and the progress counts.
 */
import type { Kysely, Migration } from 'kysely';

export const bulkJobsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('bulk_jobs')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('org', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('selection', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('error', 'text')
      .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('created_by_name', 'text')
      .addColumn('created_by_kind', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('finished_at', 'bigint')
      .execute();
    await db.schema.createIndex('bulk_jobs_state').on('bulk_jobs').column('state').execute();
    await db.schema
      .createTable('bulk_job_items')
      .addColumn('job_id', 'integer', (c) => c.notNull().references('bulk_jobs.id').onDelete('cascade'))
      .addColumn('issue_id', 'text', (c) => c.notNull())
      .addColumn('project_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('error', 'text')
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('bulk_job_items_pk', ['job_id', 'issue_id'])
      .execute();
    await db.schema
      .createIndex('bulk_job_items_progress')
      .on('bulk_job_items')
      .columns(['job_id', 'status', 'project_id', 'issue_id'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('bulk_job_items').ifExists().execute();
    await db.schema.dropTable('bulk_jobs').ifExists().execute();
  },
};
