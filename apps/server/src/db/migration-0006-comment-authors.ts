/**
 * Who wrote each comment made through Dexter. Upstream every comment is written as Dexter's one
 * Sentry identity (or the built-in store's token), so the Dexter user is known only here; edit and
 * delete are allowed to that user or an admin. A row goes with its author's account (cascade).
 */
import type { Kysely, Migration } from 'kysely';

export const commentAuthorsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('comment_authors')
      .addColumn('org', 'text', (c) => c.notNull())
      .addColumn('issue_id', 'text', (c) => c.notNull())
      .addColumn('note_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('comment_authors_pk', ['org', 'issue_id', 'note_id'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('comment_authors').ifExists().execute();
  },
};
