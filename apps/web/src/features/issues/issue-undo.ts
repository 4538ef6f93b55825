/**
 * Undo of a status change (resolve, ignore, unresolve): the update that puts each issue back to
 * the status it had, read from what was on screen before the change. An ignore comes back with
 * the condition it had (`statusDetails`), a resolution "in the next release" as one. Pure.
 */
import type { IgnoreUntil, Issue, IssueUpdate } from '@dexter/contracts';

export type PreviousState = Pick<Issue, 'id' | 'shortId' | 'status' | 'statusDetails'>;

export function restoringUpdate(previous: Pick<Issue, 'status' | 'statusDetails'>): IssueUpdate {
  const details = previous.statusDetails ?? {};
  if (previous.status === 'resolved') {
    return { status: details.inNextRelease === true ? 'resolvedInNextRelease' : 'resolved' };
  }
  if (previous.status === 'ignored') return { status: 'ignored', ignore: ignoreOf(details) };
  return { status: 'unresolved' };
}

function ignoreOf(details: Record<string, unknown>): IgnoreUntil {
  const number = (key: string) => (typeof details[key] === 'number' ? (details[key] as number) : null);
  const minutes = number('ignoreDuration');
  if (minutes) return { until: 'duration', minutes };
  const count = number('ignoreCount');
  if (count) return { until: 'events', count };
  const users = number('ignoreUserCount');
  if (users) return { until: 'users', count: users };
  if (details.ignoreUntilEscalating === true) return { until: 'escalating' };
  return { until: 'forever' };
}

/** The undo as a few updates: issues that had the same status are put back together. */
export function undoBatches(
  previous: readonly PreviousState[],
): { issues: PreviousState[]; update: IssueUpdate }[] {
  const batches = new Map<string, { issues: PreviousState[]; update: IssueUpdate }>();
  for (const issue of previous) {
    const update = restoringUpdate(issue);
    const key = JSON.stringify(update);
    const batch = batches.get(key) ?? { issues: [], update };
    batch.issues.push(issue);
    batches.set(key, batch);
  }
  return [...batches.values()];
}

/** "Resolved DEMO-1", "Ignored 3 issues": the toast's title after a status change. */
export function describeStatusChange(update: IssueUpdate, issues: readonly Pick<Issue, 'shortId'>[]): string {
  const verb =
    update.status === 'ignored'
      ? 'Ignored'
      : update.status === 'unresolved'
        ? 'Unresolved'
        : update.status === 'resolvedInNextRelease'
          ? 'Resolved in the next release:'
          : 'Resolved';
  const what = issues.length === 1 ? (issues[0]?.shortId ?? '1 issue') : `${issues.length} issues`;
  return `${verb} ${what}`;
}
