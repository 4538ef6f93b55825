/**
 * Dexter's issue change (`IssueUpdate`: status, ignore condition, assignee, bookmark, priority)
 * as Sentry's `GroupValidator` body, and the check that an issue read back carries the change.
 * One mapping serves the single-issue PUT and every chunk of a bulk job.
 *
 * Upstream quirks (`PUT /organizations/{org}/issues/`): "resolve in next release" is `resolved`
 * with `statusDetails.inNextRelease`, which Sentry refuses across projects (bulk jobs send one
 * project per call); an ignore condition is `ignored` + `archived_until_condition_met` + counts in
 * `statusDetails`; unassigning is `assignedTo: ""`; out-of-scope ids are skipped silently, which
 * is why bulk jobs read the issues back (`mismatchOf`).
 */
import type { IgnoreUntil, IssueUpdate } from '@dexter/contracts';
import type { Issue as SentryIssue, IssueUpdate as SentryIssueUpdate } from '@dexter/sentry-client';

function ignoreBody(ignore: IgnoreUntil | undefined): SentryIssueUpdate {
  switch (ignore?.until) {
    case undefined:
    case 'forever':
      return { status: 'ignored', substatus: 'archived_forever', statusDetails: {} };
    case 'escalating':
      return { status: 'ignored', substatus: 'archived_until_escalating', statusDetails: {} };
    case 'duration':
      return {
        status: 'ignored',
        substatus: 'archived_until_condition_met',
        statusDetails: { ignoreDuration: ignore.minutes },
      };
    case 'events':
      return {
        status: 'ignored',
        substatus: 'archived_until_condition_met',
        statusDetails: { ignoreCount: ignore.count, ignoreWindow: ignore.windowMinutes },
      };
    case 'users':
      return {
        status: 'ignored',
        substatus: 'archived_until_condition_met',
        statusDetails: { ignoreUserCount: ignore.count, ignoreUserWindow: ignore.windowMinutes },
      };
  }
}

function statusBody(update: IssueUpdate): SentryIssueUpdate {
  switch (update.status) {
    case undefined:
      return {};
    case 'resolved':
      return { status: 'resolved', statusDetails: {} };
    case 'resolvedInNextRelease':
      return { status: 'resolved', statusDetails: { inNextRelease: true } };
    case 'unresolved':
      return { status: 'unresolved', statusDetails: {} };
    case 'ignored':
      return ignoreBody(update.ignore);
  }
}

export function toSentryUpdate(update: IssueUpdate): SentryIssueUpdate {
  return {
    ...statusBody(update),
    ...(update.assignedTo !== undefined ? { assignedTo: update.assignedTo ?? '' } : {}),
    ...(update.isBookmarked !== undefined ? { isBookmarked: update.isBookmarked } : {}),
    ...(update.priority !== undefined ? { priority: update.priority } : {}),
  };
}

const WANTED_STATUS: Record<NonNullable<IssueUpdate['status']>, string> = {
  resolved: 'resolved',
  resolvedInNextRelease: 'resolved',
  unresolved: 'unresolved',
  ignored: 'ignored',
};

/** Why `issue` (read back after the change) does not show it, or null when it does. */
export function mismatchOf(update: IssueUpdate, issue: SentryIssue): string | null {
  if (update.status && issue.status !== WANTED_STATUS[update.status]) {
    return `status is ${issue.status ?? 'unknown'}, not ${WANTED_STATUS[update.status]}`;
  }
  if (update.assignedTo !== undefined) {
    const actual = issue.assignedTo?.id ? `${issue.assignedTo.type ?? 'user'}:${issue.assignedTo.id}` : null;
    if (actual !== update.assignedTo) return `assignee is ${actual ?? 'nobody'}`;
  }
  if (update.isBookmarked !== undefined && issue.isBookmarked !== update.isBookmarked) {
    return update.isBookmarked ? 'not bookmarked' : 'still bookmarked';
  }
  if (update.priority !== undefined && issue.priority !== update.priority) {
    return `priority is ${issue.priority ?? 'unset'}`;
  }
  return null;
}
