/**
 * Migration 0016: work that exactly one of several Dexter instances may do at a time (a bulk job,
 * the companion-mode poller, the comment sync) is owned through a lease: one row per piece of
 * work naming the instance that holds it until `expires_at`, renewed while it works and taken
 * over by another instance once it expires (`platform/leases.ts`).
 *
 * `bulk_job_items.sent_at`: when the chunk an item belongs to was handed to Sentry, cleared when
 * its result is recorded. An item still pending with `sent_at` set was in flight when its
 * instance died: whoever resumes the job reads it back before sending it again, so a change that
 * did land is not applied twice.
 */
import type { Kysely, Migration } from 'kysely';

export const leasesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('leases')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('acquired_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.alterTable('bulk_job_items').addColumn('sent_at', 'bigint').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('bulk_job_items').dropColumn('sent_at').execute();
    await db.schema.dropTable('leases').ifExists().execute();
  },
};
