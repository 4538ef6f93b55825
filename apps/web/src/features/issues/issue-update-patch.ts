/**
 * What an `IssueUpdate` looks like on an issue already on screen, for optimistic updates: the
 * server's answer (or a refetch) replaces it. `resolvedInNextRelease` shows as resolved, and an
 * assignee is shown from the picker's choice since the update itself only carries `user:<id>`.
 */
import type { Issue, IssueAssignee, IssueUpdate } from '@dexter/contracts';

export function optimisticIssuePatch(update: IssueUpdate, assignee?: IssueAssignee | null): Partial<Issue> {
  const patch: Partial<Issue> = {};
  if (update.status) patch.status = update.status === 'resolvedInNextRelease' ? 'resolved' : update.status;
  if (update.isBookmarked !== undefined) patch.isBookmarked = update.isBookmarked;
  if (update.priority) patch.priority = update.priority;
  if (update.assignedTo === null) patch.assignedTo = null;
  else if (update.assignedTo && assignee !== undefined) patch.assignedTo = assignee;
  return patch;
}

/** "resolve", "ignore", "assign", "bookmark": the verb of a notification about a failed update. */
export function describeIssueUpdate(update: IssueUpdate): string {
  if (update.status === 'resolved' || update.status === 'resolvedInNextRelease') return 'resolve';
  if (update.status === 'ignored') return 'ignore';
  if (update.status === 'unresolved') return 'unresolve';
  if (update.assignedTo !== undefined) return update.assignedTo === null ? 'unassign' : 'assign';
  if (update.isBookmarked !== undefined) return update.isBookmarked ? 'bookmark' : 'unbookmark';
  return 'update';
}
