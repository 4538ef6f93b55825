/**
 * Writes one normalized event inside the caller's transaction: deduplicates by event id (SDKs
 * resend after timeouts), finds the issue by any of the event's grouping hashes (in priority
 * order, like Sentry's app/system variants) or opens a new one, and keeps the issue's counters,
 * distinct users and tag values current. A resolved issue that receives an event regresses
 * (unless its resolution is tied to a later release) and an ignored issue whose condition the
 * event fulfils wakes up, each with its activity entry (`issue-reopen.ts`).
 */
import { sql, type Transaction } from 'kysely';
import type { StoreDatabase } from '../db/schema';
import { recordRegression, staysResolved, wakeIfSnoozeEnded } from './issue-reopen';
import type { NormalizedEvent } from './normalized-event';

export interface EventToWrite {
  event: NormalizedEvent;
  hashes: string[];
  raw: string;
}

export interface WrittenEvent {
  eventId: string;
  issueId: number;
  isNewIssue: boolean;
  isRegression: boolean;
  duplicate: boolean;
}

type Trx = Transaction<StoreDatabase>;

export async function writeEvent(trx: Trx, { event, hashes, raw }: EventToWrite): Promise<WrittenEvent> {
  const existing = await trx
    .selectFrom('events')
    .select('issue_id')
    .where('project_id', '=', event.projectId)
    .where('event_id', '=', event.eventId)
    .executeTakeFirst();
  if (existing) {
    return {
      eventId: event.eventId,
      issueId: existing.issue_id,
      isNewIssue: false,
      isRegression: false,
      duplicate: true,
    };
  }

  const matches = await trx
    .selectFrom('issue_hashes')
    .select(['hash', 'issue_id'])
    .where('project_id', '=', event.projectId)
    .where('hash', 'in', hashes)
    .execute();
  const matched = hashes.map((hash) => matches.find((m) => m.hash === hash)).find((m) => m !== undefined);

  let issueId: number;
  let isRegression = false;
  let snoozed = false;
  if (matched) {
    issueId = matched.issue_id;
    ({ isRegression, snoozed } = await updateIssue(trx, issueId, event));
    if (isRegression) await recordRegression(trx, issueId, event);
  } else {
    issueId = await createIssue(trx, event);
  }
  const known = new Set(matches.map((m) => m.hash));
  const newHashes = hashes.filter((hash) => !known.has(hash));
  if (newHashes.length > 0) {
    await trx
      .insertInto('issue_hashes')
      .values(newHashes.map((hash) => ({ project_id: event.projectId, hash, issue_id: issueId })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  await trx
    .insertInto('events')
    .values({
      event_id: event.eventId,
      project_id: event.projectId,
      issue_id: issueId,
      timestamp: event.timestamp,
      received_at: event.receivedAt,
      data: JSON.stringify(event),
      raw,
      size: Buffer.byteLength(raw),
    })
    .execute();
  await recordUser(trx, issueId, event);
  await recordTags(trx, issueId, event);
  if (snoozed) await wakeIfSnoozeEnded(trx, issueId, event);
  return { eventId: event.eventId, issueId, isNewIssue: !matched, isRegression, duplicate: false };
}

async function createIssue(trx: Trx, event: NormalizedEvent): Promise<number> {
  const project = await trx
    .updateTable('projects')
    .set({
      next_short_id: sql`next_short_id + 1`,
      first_event: sql`coalesce(first_event, ${event.timestamp})`,
    })
    .where('id', '=', event.projectId)
    .returning(['next_short_id'])
    .executeTakeFirstOrThrow();
  const issue = await trx
    .insertInto('issues')
    .values({
      project_id: event.projectId,
      short_id_num: project.next_short_id - 1,
      title: event.title,
      culprit: event.culprit,
      level: event.level,
      type: event.type,
      platform: event.platform,
      logger: event.logger,
      status: 'unresolved',
      substatus: 'new',
      status_details: '{}',
      metadata: JSON.stringify(event.metadata),
      search_text: searchTextOf(event),
      is_unhandled: event.handled === false ? 1 : 0,
      first_seen: event.timestamp,
      last_seen: event.timestamp,
      times_seen: 1,
      user_count: 0,
      first_release: event.release,
      last_release: event.release,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return issue.id;
}

/** Whether the event reopened a resolved issue, and whether its issue is ignored until a condition. */
async function updateIssue(trx: Trx, issueId: number, event: NormalizedEvent) {
  const current = await trx
    .selectFrom('issues')
    .select(['status', 'last_seen', 'snooze', 'resolution'])
    .where('id', '=', issueId)
    .executeTakeFirstOrThrow();
  const isRegression =
    current.status === 'resolved' && !(await staysResolved(trx, current.resolution, event));
  const isLatest = event.timestamp >= current.last_seen;
  await trx
    .updateTable('issues')
    .set({
      times_seen: sql`times_seen + 1`,
      first_seen: sql`min(first_seen, ${event.timestamp})`,
      last_seen: sql`max(last_seen, ${event.timestamp})`,
      is_unhandled: event.handled === false ? 1 : sql`is_unhandled`,
      ...(isLatest
        ? {
            // Like Sentry, the issue shows the data of its most recent event.
            title: event.title,
            culprit: event.culprit,
            level: event.level,
            metadata: JSON.stringify(event.metadata),
            search_text: searchTextOf(event),
            last_release: event.release ?? sql`last_release`,
          }
        : {}),
      first_release: sql`coalesce(first_release, ${event.release})`,
      ...(isRegression
        ? { status: 'unresolved', substatus: 'regressed', status_details: '{}', resolution: null }
        : {}),
    })
    .where('id', '=', issueId)
    .execute();
  return { isRegression, snoozed: current.status === 'ignored' && current.snooze !== null };
}

function userKeyOf(event: NormalizedEvent): string | null {
  const user = event.user;
  if (!user) return null;
  if (user.id) return `id:${user.id}`;
  if (user.email) return `email:${user.email}`;
  if (user.username) return `username:${user.username}`;
  if (user.ipAddress) return `ip:${user.ipAddress}`;
  return null;
}

async function recordUser(trx: Trx, issueId: number, event: NormalizedEvent): Promise<void> {
  const userKey = userKeyOf(event);
  if (!userKey) return;
  const inserted = await trx
    .insertInto('issue_users')
    .values({ issue_id: issueId, user_key: userKey })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) {
    await trx
      .updateTable('issues')
      .set({ user_count: sql`user_count + 1` })
      .where('id', '=', issueId)
      .execute();
  }
}

async function recordTags(trx: Trx, issueId: number, event: NormalizedEvent): Promise<void> {
  if (event.tags.length === 0) return;
  await trx
    .insertInto('issue_tags')
    .values(
      event.tags.map(([key, value]) => ({
        issue_id: issueId,
        key,
        value,
        times_seen: 1,
        first_seen: event.timestamp,
        last_seen: event.timestamp,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['issue_id', 'key', 'value']).doUpdateSet({
        times_seen: sql`issue_tags.times_seen + 1`,
        first_seen: sql`min(issue_tags.first_seen, excluded.first_seen)`,
        last_seen: sql`max(issue_tags.last_seen, excluded.last_seen)`,
      }),
    )
    .execute();
}

function searchTextOf(event: NormalizedEvent): string {
  return [event.title, event.culprit, event.message ?? ''].join('\n').toLowerCase().slice(0, 4000);
}
