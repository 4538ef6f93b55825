/**
 * One issue mutation over a set of issues, single or bulk, in one transaction: either every
 * change applies or none does. The order follows Sentry's `update_groups` (priority, status,
 * assignee, seen, bookmark, merge); refusals Sentry would answer after applying part of the change
 * (merging across projects, resolving in a release across projects) are checked first or roll the
 * whole transaction back here.
 *
 * Returns the applied changes as `OrganizationGroupIndexPutResponse` (spec): the body's fields,
 * with `status`/`substatus`/`statusDetails` as applied, `assignedTo` as an actor (or null), and
 * `merge` as `{parent, children}` when two or more issues were merged (one issue has nothing to
 * merge with, and the key is left out).
 */
import type { IssueBulkUpdate } from '@dexter/sentry-wire';
import { ApiError } from '../../api-error';
import type { Actor, ApiContext } from '../../http/api-context';
import { serializeUser } from '../../members/serialize-member';
import { resolveAssigneeInput, serializeAssignee } from '../assignee';
import { mergeIssues } from './issue-merge';
import { applyStatus, type MutationEnv } from './issue-status';
import { applyAssignee, applyBookmark, applyPriority, applySeen } from './issue-triage-fields';

export type UpdateEcho = Record<string, unknown>;

export async function updateIssues(
  ctx: ApiContext,
  actor: Actor,
  issueIds: number[],
  body: IssueBulkUpdate,
): Promise<UpdateEcho> {
  if (body.discard) {
    // Sentry's answer without the `projects:discard-groups` feature.
    throw new ApiError(400, 'You do not have that feature enabled', {
      detail: ['You do not have that feature enabled'],
    });
  }
  const assignee =
    body.assignedTo === undefined || body.assignedTo === null || body.assignedTo.trim() === ''
      ? null
      : await resolveAssigneeInput(ctx.db, actor.organizationId, body.assignedTo);
  const member =
    actor.memberId === null
      ? undefined
      : await ctx.db.selectFrom('members').selectAll().where('id', '=', actor.memberId).executeTakeFirst();
  const env: MutationEnv = {
    memberId: actor.memberId,
    actor: member ? serializeUser(member) : null,
    now: ctx.now(),
  };

  return ctx.db.transaction().execute(async (trx) => {
    const issues = await trx.selectFrom('issues').selectAll().where('id', 'in', issueIds).execute();
    const merge = body.merge === true && issues.length > 1;
    if (merge && new Set(issues.map((issue) => issue.project_id)).size > 1) {
      throw new ApiError(400, 'Merging across multiple projects is not supported');
    }
    const { merge: _merge, discard: _discard, ...echo }: UpdateEcho = { ...body };
    // Without a status, Sentry ignores `substatus` and `statusDetails`; so does the echo.
    if (!body.status) {
      delete echo.substatus;
      delete echo.statusDetails;
    }
    if (body.priority) await applyPriority(trx, issues, body.priority, env);
    Object.assign(echo, await applyStatus(trx, issues, body, env));
    if (body.assignedTo !== undefined) {
      await applyAssignee(trx, issues, assignee, env);
      echo.assignedTo = serializeAssignee(assignee);
    }
    if (body.hasSeen !== undefined) await applySeen(trx, issues, body.hasSeen, env);
    if (body.isBookmarked !== undefined) await applyBookmark(trx, issues, body.isBookmarked, env);
    if (body.isSubscribed !== undefined) echo.subscriptionDetails = { reason: 'unknown' };
    if (merge) echo.merge = await mergeIssues(trx, issues, env);
    return echo;
  });
}
