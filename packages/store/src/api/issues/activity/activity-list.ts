/**
 * An issue's activity log as Sentry's `ActivitySerializer` renders it: `{id, user, sentry_app,
 * type, data, dateCreated}`, newest first. Like Sentry's `get_activities_for_group`, a run of
 * identical non-note entries (same type, member and data) shows once, and a synthetic
 * `first_seen` entry with id `"0"` closes the list, dated by the issue's first event.
 */
import type { IssueActivitySchema } from '@dexter/sentry-wire';
import type { z } from 'zod';
import type { StoreDb } from '../../../db/database';
import type { ActivityRow, IssueRow, MemberRow } from '../../../db/schema';
import { serializeUser } from '../../members/serialize-member';
import { isoOf } from '../../organizations/serialize-organization';

const parseData = (text: string): Record<string, unknown> => {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

export function serializeActivity(row: ActivityRow, member: MemberRow | null) {
  return {
    id: String(row.id),
    user: member ? serializeUser(member) : null,
    sentry_app: null,
    type: row.type,
    data: parseData(row.data),
    dateCreated: isoOf(row.date_created),
  } satisfies z.input<typeof IssueActivitySchema>;
}

export async function membersById(db: StoreDb, ids: Array<number | null>): Promise<Map<number, MemberRow>> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('members').selectAll().where('id', 'in', wanted).execute();
  return new Map(rows.map((row) => [row.id, row]));
}

export async function listActivities(db: StoreDb, issue: IssueRow, limit = 100) {
  const rows = await db
    .selectFrom('activities')
    .selectAll()
    .where('issue_id', '=', issue.id)
    .orderBy('date_created', 'desc')
    .orderBy('id', 'desc')
    .limit(limit * 2)
    .execute();
  const kept: ActivityRow[] = [];
  let previous: string | null = null;
  for (const row of rows) {
    const signature = `${row.type}\u0000${row.member_id}\u0000${row.data}`;
    if (row.type === 'note' || signature !== previous) kept.push(row);
    previous = signature;
  }
  const members = await membersById(
    db,
    kept.map((row) => row.member_id),
  );
  const entries = kept.map((row) =>
    serializeActivity(row, row.member_id === null ? null : (members.get(row.member_id) ?? null)),
  );
  entries.push({
    id: '0',
    user: null,
    sentry_app: null,
    type: 'first_seen',
    data: {},
    dateCreated: isoOf(issue.first_seen),
  });
  return entries.slice(0, limit);
}
