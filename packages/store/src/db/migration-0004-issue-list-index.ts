/**
 * Migration 0004: indexes for the issue stream's usual shape, "this organization's issues with
 * these statuses (`is:unresolved`), by last event (sort `date`) or by first event (`new`,
 * `inbox`)". Without them every list page read each issue row of the organization: once to check
 * its status for the `X-Hits` count and once to order and skip the rows before the page (over
 * 100,000 issues: ~0.4 s a page). With them the count and the page's ids are index-only scans, and
 * `issue-list.ts` then reads only the page's own rows.
 *
 * They lead with `project_id` because the list joins `projects` for the organization and SQLite
 * drives the join from the few projects; `id` last serves the tie-break of the sort. `first_seen`
 * never changes, so that index costs ingest one insert per new issue; `last_seen` moves with each
 * event, as in the two `last_seen` indexes of 0001. Sorts by counts (`freq`, `user`) have none:
 * their columns change on every event.
 */
import { type Kysely, type Migration, sql } from 'kysely';

const INDEXES: Array<[name: string, sortColumn: string]> = [
  ['issues_project_status_last_seen', 'last_seen'],
  ['issues_project_status_first_seen', 'first_seen'],
];

export const issueListIndexMigration: Migration = {
  async up(db: Kysely<unknown>) {
    for (const [name, sortColumn] of INDEXES) {
      await db.schema
        .createIndex(name)
        .on('issues')
        .columns(['project_id', 'status', sortColumn, 'id'])
        .execute();
    }
  },
  async down(db: Kysely<unknown>) {
    for (const [name] of INDEXES) await sql`drop index if exists ${sql.id(name)}`.execute(db);
  },
};
