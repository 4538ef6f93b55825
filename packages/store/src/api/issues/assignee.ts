/**
 * `assignedTo` in both directions: the body's actor string to a member or team of the
 * organization, and issues' assignee columns back to rows and to Sentry's `{type, id, name,
 * email?}` actor. A team actor is named by its slug, as Sentry's `ActorSerializer` names it.
 *
 * Accepted inputs are Sentry's `ActorField` forms: `user:<id>`, `team:<id>`, a bare user id, a
 * username or an email. Anything that names nobody in the organization is a DRF-style 400 on the
 * field, as Sentry answers.
 */
import type { IssueAssigneeSchema } from '@dexter/sentry-wire';
import type { z } from 'zod';
import type { StoreDb } from '../../db/database';
import type { IssueRow, MemberRow, TeamRow } from '../../db/schema';
import { fieldError } from '../api-error';

export type AssigneeRef = { type: 'user'; member: MemberRow } | { type: 'team'; team: TeamRow };

export async function resolveAssigneeInput(
  db: StoreDb,
  organizationId: number,
  input: string,
): Promise<AssigneeRef> {
  const value = input.trim();
  const team = /^team:(\d{1,15})$/.exec(value);
  if (team) {
    const row = await db
      .selectFrom('teams')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', Number(team[1]))
      .executeTakeFirst();
    if (!row) throw fieldError('assignedTo', 'Unknown actor input');
    return { type: 'team', team: row };
  }
  const userId = /^(?:user:)?(\d{1,15})$/.exec(value)?.[1];
  const member = await db
    .selectFrom('members')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where((eb) =>
      userId !== undefined
        ? eb('id', '=', Number(userId))
        : eb.or([eb('email', '=', value), eb('username', '=', value)]),
    )
    .orderBy('id')
    .executeTakeFirst();
  if (!member) throw fieldError('assignedTo', 'Unknown actor input');
  return { type: 'user', member };
}

/** The assignee of each issue that has one, in two queries whatever the number of issues. */
export async function loadAssignees(db: StoreDb, issues: IssueRow[]): Promise<Map<number, AssigneeRef>> {
  const memberIds = [...new Set(issues.flatMap((i) => (i.assignee_member_id ? [i.assignee_member_id] : [])))];
  const teamIds = [...new Set(issues.flatMap((i) => (i.assignee_team_id ? [i.assignee_team_id] : [])))];
  const [members, teams] = await Promise.all([
    memberIds.length ? db.selectFrom('members').selectAll().where('id', 'in', memberIds).execute() : [],
    teamIds.length ? db.selectFrom('teams').selectAll().where('id', 'in', teamIds).execute() : [],
  ]);
  const result = new Map<number, AssigneeRef>();
  for (const issue of issues) {
    const member = members.find((m) => m.id === issue.assignee_member_id);
    const team = teams.find((t) => t.id === issue.assignee_team_id);
    if (member) result.set(issue.id, { type: 'user', member });
    else if (team) result.set(issue.id, { type: 'team', team });
  }
  return result;
}

/** `assignedTo` of issues and of bulk-update results. */
export function serializeAssignee(ref: AssigneeRef | null): z.input<typeof IssueAssigneeSchema> | null {
  if (ref === null) return null;
  if (ref.type === 'team') return { type: 'team', id: String(ref.team.id), name: ref.team.slug };
  return { type: 'user', id: String(ref.member.id), name: ref.member.name, email: ref.member.email };
}
