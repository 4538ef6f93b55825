/**
 * Writes rows of an issue's activity log, shared by the Web API (status changes, assignments,
 * merges, priorities, comments) and the ingest writer (regressions, snoozes that ran out).
 *
 * Types are Sentry's activity type names so the `/activities/` and issue-detail `activity`
 * responses read like Sentry's. `first_seen` is never stored: like Sentry's
 * `get_activities_for_group`, it is derived from the issue's `first_seen` when listing, so it stays
 * right after merges.
 */
import type { Kysely } from 'kysely';
import type { StoreDatabase } from './schema';

export type ActivityType =
  | 'note'
  | 'set_resolved'
  | 'set_resolved_in_release'
  | 'set_resolved_in_commit'
  | 'set_unresolved'
  | 'set_ignored'
  | 'set_regression'
  | 'set_escalating'
  | 'assigned'
  | 'unassigned'
  | 'merge'
  | 'set_priority';

export interface NewActivity {
  issueId: number;
  projectId: number;
  type: ActivityType;
  memberId: number | null;
  data: Record<string, unknown>;
  at: number;
}

/** Rows per INSERT: 7 bound values each keeps a statement far below SQLite's variable limit. */
const CHUNK = 500;

export async function insertActivities(db: Kysely<StoreDatabase>, rows: NewActivity[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('activities')
      .values(
        rows.slice(i, i + CHUNK).map((row) => ({
          issue_id: row.issueId,
          project_id: row.projectId,
          type: row.type,
          member_id: row.memberId,
          data: JSON.stringify(row.data),
          date_created: row.at,
        })),
      )
      .execute();
  }
}
