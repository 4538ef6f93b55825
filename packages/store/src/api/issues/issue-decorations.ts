/**
 * The parts of an issue response that live outside the issues row: its assignee, whether the
 * calling member bookmarked or has seen it, and its number of comments. Loaded for a whole page
 * at once (a fixed number of queries, whatever the page size), like Sentry's `get_attrs`.
 *
 * `hasSeen` is true when the member marked the issue seen at or after its last event, so a new
 * event makes it unseen again, as in Sentry.
 */
import type { StoreDb } from '../../db/database';
import type { IssueRow } from '../../db/schema';
import { type AssigneeRef, loadAssignees } from './assignee';

export interface IssueDecoration {
  assignee: AssigneeRef | null;
  isBookmarked: boolean;
  hasSeen: boolean;
  numComments: number;
}

export type Decorate = (issue: IssueRow) => IssueDecoration;

export async function decorateIssues(
  db: StoreDb,
  issues: IssueRow[],
  memberId: number | null,
): Promise<Decorate> {
  const ids = issues.map((issue) => issue.id);
  if (ids.length === 0)
    return () => ({ assignee: null, isBookmarked: false, hasSeen: false, numComments: 0 });
  const [assignees, bookmarks, seen, notes] = await Promise.all([
    loadAssignees(db, issues),
    memberId === null
      ? []
      : db
          .selectFrom('issue_bookmarks')
          .select('issue_id')
          .where('member_id', '=', memberId)
          .where('issue_id', 'in', ids)
          .execute(),
    memberId === null
      ? []
      : db
          .selectFrom('issue_seen')
          .select(['issue_id', 'last_seen'])
          .where('member_id', '=', memberId)
          .where('issue_id', 'in', ids)
          .execute(),
    db
      .selectFrom('activities')
      .select(['issue_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('type', '=', 'note')
      .where('issue_id', 'in', ids)
      .groupBy('issue_id')
      .execute(),
  ]);
  const bookmarked = new Set(bookmarks.map((b) => b.issue_id));
  const seenAt = new Map(seen.map((s) => [s.issue_id, s.last_seen]));
  const comments = new Map(notes.map((n) => [n.issue_id, Number(n.n)]));
  return (issue) => ({
    assignee: assignees.get(issue.id) ?? null,
    isBookmarked: bookmarked.has(issue.id),
    hasSeen: (seenAt.get(issue.id) ?? -1) >= issue.last_seen,
    numComments: comments.get(issue.id) ?? 0,
  });
}
