/**
 * Merging issues (`merge: true` on a bulk update), after Sentry's `handle_merge`: the issue with
 * the most events is the parent (ties: the higher id); the children's events, grouping hashes,
 * tag counts, users, activity, bookmarks and rollup counts move to it, its counters and first/last seen and
 * releases cover them all, and the children are deleted. A `merge` activity on the parent lists
 * them. Sentry does this in a background task; the store does it in the caller's transaction, so
 * the answer already describes the merged state.
 *
 * Invariant (checked by the caller): all issues are in one project, since grouping hashes are
 * per project.
 */
import { sql } from 'kysely';
import { insertActivities } from '../../../db/activity-log';
import type { StoreDb } from '../../../db/database';
import type { IssueRow } from '../../../db/schema';
import { moveIssuesInRollup } from './issue-rollup';

export interface MergeResult {
  parent: string;
  children: string[];
}

export async function mergeIssues(
  db: StoreDb,
  issues: IssueRow[],
  env: { memberId: number | null; now: number },
): Promise<MergeResult> {
  const [parent, ...children] = [...issues].sort((a, b) => b.times_seen - a.times_seen || b.id - a.id);
  if (!parent) throw new Error('mergeIssues: no issues');
  const childIds = children.map((child) => child.id);
  const all = [parent, ...children];

  await db.updateTable('events').set({ issue_id: parent.id }).where('issue_id', 'in', childIds).execute();
  await moveIssuesInRollup(db, childIds, parent.id);
  await db
    .updateTable('issue_hashes')
    .set({ issue_id: parent.id })
    .where('issue_id', 'in', childIds)
    .execute();
  await db.updateTable('activities').set({ issue_id: parent.id }).where('issue_id', 'in', childIds).execute();
  // `where true` lets SQLite parse an upsert whose rows come from a SELECT.
  await sql`
    insert into issue_tags (issue_id, key, value, times_seen, first_seen, last_seen)
    select ${parent.id}, key, value, sum(times_seen), min(first_seen), max(last_seen)
    from issue_tags where issue_id in (${sql.join(childIds)}) and true group by key, value
    on conflict (issue_id, key, value) do update set
      times_seen = issue_tags.times_seen + excluded.times_seen,
      first_seen = min(issue_tags.first_seen, excluded.first_seen),
      last_seen = max(issue_tags.last_seen, excluded.last_seen)`.execute(db);
  await sql`
    insert or ignore into issue_users (issue_id, user_key)
    select ${parent.id}, user_key from issue_users where issue_id in (${sql.join(childIds)})`.execute(db);
  await sql`
    insert or ignore into issue_bookmarks (issue_id, member_id, date_created)
    select ${parent.id}, member_id, date_created from issue_bookmarks where issue_id in (${sql.join(childIds)})`.execute(
    db,
  );
  for (const table of ['issue_tags', 'issue_users', 'issue_bookmarks', 'issue_seen'] as const) {
    await db.deleteFrom(table).where('issue_id', 'in', childIds).execute();
  }

  const earliest = all.reduce((a, b) => (b.first_seen < a.first_seen ? b : a));
  const latest = all.reduce((a, b) => (b.last_seen > a.last_seen ? b : a));
  const users = await db
    .selectFrom('issue_users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('issue_id', '=', parent.id)
    .executeTakeFirstOrThrow();
  await db
    .updateTable('issues')
    .set({
      times_seen: all.reduce((sum, issue) => sum + issue.times_seen, 0),
      user_count: Number(users.n),
      first_seen: earliest.first_seen,
      last_seen: latest.last_seen,
      first_release: earliest.first_release ?? parent.first_release,
      last_release: latest.last_release ?? parent.last_release,
      is_unhandled: all.some((issue) => issue.is_unhandled === 1) ? 1 : 0,
    })
    .where('id', '=', parent.id)
    .execute();
  await db.deleteFrom('issues').where('id', 'in', childIds).execute();
  await insertActivities(db, [
    {
      issueId: parent.id,
      projectId: parent.project_id,
      type: 'merge',
      memberId: env.memberId,
      data: { issues: childIds.map((id) => ({ id: String(id) })) },
      at: env.now,
    },
  ]);
  return { parent: String(parent.id), children: childIds.map(String) };
}
