/**
 * The non-status fields of issue mutations: priority, assignee, and the calling member's
 * bookmark and "seen" marks. Priority and assignment changes write Sentry's activity entries
 * (`set_priority` with `reason: "manual"`, `assigned` with the assignee, `unassigned`), only for
 * issues they actually change. Bookmarks and seen marks are per-member state and, as in Sentry,
 * leave no activity.
 */
import { insertActivities } from '../../../db/activity-log';
import type { StoreDb } from '../../../db/database';
import type { IssueRow } from '../../../db/schema';
import type { AssigneeRef } from '../assignee';
import { priorityOf } from '../serialize-issue';
import type { MutationEnv } from './issue-status';

const idsOf = (issues: IssueRow[]) => issues.map((issue) => issue.id);

export async function applyPriority(db: StoreDb, issues: IssueRow[], priority: string, env: MutationEnv) {
  const changed = issues.filter((issue) => priorityOf(issue) !== priority);
  await db
    .updateTable('issues')
    .set({ priority, priority_locked_at: env.now })
    .where('id', 'in', idsOf(issues))
    .execute();
  await insertActivities(
    db,
    changed.map((issue) => ({
      issueId: issue.id,
      projectId: issue.project_id,
      type: 'set_priority' as const,
      memberId: env.memberId,
      data: { priority, reason: 'manual' },
      at: env.now,
    })),
  );
}

export async function applyAssignee(
  db: StoreDb,
  issues: IssueRow[],
  ref: AssigneeRef | null,
  env: MutationEnv,
) {
  const memberId = ref?.type === 'user' ? ref.member.id : null;
  const teamId = ref?.type === 'team' ? ref.team.id : null;
  const changed = issues.filter(
    (issue) => issue.assignee_member_id !== memberId || issue.assignee_team_id !== teamId,
  );
  if (changed.length === 0) return;
  await db
    .updateTable('issues')
    .set({ assignee_member_id: memberId, assignee_team_id: teamId })
    .where('id', 'in', idsOf(changed))
    .execute();
  const data =
    ref === null
      ? {}
      : ref.type === 'user'
        ? { assignee: String(ref.member.id), assigneeEmail: ref.member.email, assigneeType: 'user' }
        : { assignee: String(ref.team.id), assigneeEmail: null, assigneeType: 'team' };
  // Unassigning an issue nobody had is no change; reassigning is one `assigned` entry.
  const logged = ref === null ? changed.filter((i) => i.assignee_member_id || i.assignee_team_id) : changed;
  await insertActivities(
    db,
    logged.map((issue) => ({
      issueId: issue.id,
      projectId: issue.project_id,
      type: ref === null ? ('unassigned' as const) : ('assigned' as const),
      memberId: env.memberId,
      data,
      at: env.now,
    })),
  );
}

export async function applyBookmark(db: StoreDb, issues: IssueRow[], bookmarked: boolean, env: MutationEnv) {
  if (env.memberId === null) return;
  if (!bookmarked) {
    await db
      .deleteFrom('issue_bookmarks')
      .where('member_id', '=', env.memberId)
      .where('issue_id', 'in', idsOf(issues))
      .execute();
    return;
  }
  const memberId = env.memberId;
  await db
    .insertInto('issue_bookmarks')
    .values(issues.map((issue) => ({ issue_id: issue.id, member_id: memberId, date_created: env.now })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function applySeen(db: StoreDb, issues: IssueRow[], seen: boolean, env: MutationEnv) {
  if (env.memberId === null) return;
  if (!seen) {
    await db
      .deleteFrom('issue_seen')
      .where('member_id', '=', env.memberId)
      .where('issue_id', 'in', idsOf(issues))
      .execute();
    return;
  }
  const memberId = env.memberId;
  await db
    .insertInto('issue_seen')
    // At least the issue's last event, so an SDK clock ahead of ours cannot make it unseen at once.
    .values(
      issues.map((issue) => ({
        issue_id: issue.id,
        member_id: memberId,
        last_seen: Math.max(env.now, issue.last_seen),
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(['issue_id', 'member_id'])
        .doUpdateSet((eb) => ({ last_seen: eb.ref('excluded.last_seen') })),
    )
    .execute();
}
