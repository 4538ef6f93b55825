/**
 * People's verdicts on pairs of issues ("same bug" / "not the same"), which the similarity
 * feature respects from then on. One row per unordered pair per organization: the pair is stored
 * with the smaller issue id first, and a new verdict replaces the old one. `user_id` is kept when
 * an account goes away (set null), so the verdict outlives its author.
 */
import type { Kysely, Migration } from 'kysely';

export const similarityFeedbackMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('similarity_feedback')
      .addColumn('org', 'text', (c) => c.notNull())
      .addColumn('issue_a', 'text', (c) => c.notNull())
      .addColumn('issue_b', 'text', (c) => c.notNull())
      .addColumn('verdict', 'text', (c) => c.notNull())
      .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('similarity_feedback_pk', ['org', 'issue_a', 'issue_b'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('similarity_feedback').ifExists().execute();
  },
};
