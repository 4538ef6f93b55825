/**
 * The event rollup (`migration-0009-event-rollup.ts`) when issues go away: a deleted issue's
 * counts leave both tables; a merged child's counts move to the parent in `event_rollup` (the
 * project's totals do not change) and stop counting as new issues, since the child no longer
 * exists. Invariant kept: `event_rollup_project` equals `event_rollup` summed per project.
 * Run inside the caller's transaction, before the issue rows are deleted.
 */
import { sql } from 'kysely';
import type { StoreDb } from '../../../db/database';

/** Subtracts the issues' rows from the project table, grouped as it keys them. */
async function subtractFromProjects(db: StoreDb, issueIds: number[], columns: 'all' | 'new_issues') {
  const events = columns === 'all' ? sql`p.events - d.events` : sql`p.events`;
  await sql`
    update event_rollup_project as p set events = ${events}, new_issues = p.new_issues - d.new_issues
    from (
      select project_id, bucket, release, environment, sum(events) as events, sum(new_issues) as new_issues
      from event_rollup where issue_id in (${sql.join(issueIds)})
      group by project_id, bucket, release, environment
    ) as d
    where p.project_id = d.project_id and p.bucket = d.bucket and p.release = d.release
      and p.environment = d.environment`.execute(db);
  // Rows left at zero would show their release as a series of zeros.
  await sql`
    delete from event_rollup_project
    where events <= 0 and new_issues <= 0
      and project_id in (select distinct project_id from event_rollup where issue_id in (${sql.join(issueIds)}))`.execute(
    db,
  );
}

export async function removeIssuesFromRollup(db: StoreDb, issueIds: number[]): Promise<void> {
  if (issueIds.length === 0) return;
  await subtractFromProjects(db, issueIds, 'all');
  await db.deleteFrom('event_rollup').where('issue_id', 'in', issueIds).execute();
}

export async function moveIssuesInRollup(db: StoreDb, childIds: number[], parentId: number): Promise<void> {
  if (childIds.length === 0) return;
  await subtractFromProjects(db, childIds, 'new_issues');
  // `where true` lets SQLite parse an upsert whose rows come from a SELECT.
  await sql`
    insert into event_rollup (issue_id, bucket, release, environment, project_id, events, new_issues)
    select ${parentId}, bucket, release, environment, project_id, sum(events), 0
    from event_rollup where issue_id in (${sql.join(childIds)}) and true
    group by bucket, release, environment
    on conflict (issue_id, bucket, release, environment) do update set
      events = event_rollup.events + excluded.events`.execute(db);
  await db.deleteFrom('event_rollup').where('issue_id', 'in', childIds).execute();
}
