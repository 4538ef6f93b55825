/**
 * Deleting issues for good, with everything that belongs to them: events, grouping hashes, tag
 * counts, users, activity, bookmarks and seen marks. The hashes go too, so a later event with the
 * same fingerprint opens a new issue, as after a Sentry delete (a discard, which would tombstone
 * the hashes, is not supported). Dependent rows go first: `events` and `issue_hashes` reference
 * `issues` with foreign keys on. The event rollup loses the issues' counts (`issue-rollup.ts`).
 */
import type { StoreDb } from '../../../db/database';
import { removeIssuesFromRollup } from './issue-rollup';

const DEPENDENTS = [
  'events',
  'issue_hashes',
  'issue_tags',
  'issue_users',
  'activities',
  'issue_bookmarks',
  'issue_seen',
] as const;

export async function deleteIssues(db: StoreDb, issueIds: number[]): Promise<void> {
  if (issueIds.length === 0) return;
  await removeIssuesFromRollup(db, issueIds);
  for (const table of DEPENDENTS) await db.deleteFrom(table).where('issue_id', 'in', issueIds).execute();
  await db.deleteFrom('issues').where('id', 'in', issueIds).execute();
}
