/**
 * Whether a new event reopens its issue, for the ingest writer.
 *
 * Resolved issues regress as Sentry's `GroupResolution.has_resolution` decides: a plain resolution
 * (or one in a commit no release contains yet) reopens on any event; every other resolution keeps
 * the issue resolved for events without a release. "In the next release" recorded the project's
 * newest release at the time and reopens only on a release newer than that one; "in release X"
 * reopens on X itself and on newer releases. Newer is `release-order.ts`: semver when both
 * versions are semver, else the release's date.
 *
 * Ignored issues with a condition (`snooze`, see `api/issues/mutations/issue-status.ts`) wake up, as Sentry's
 * `GroupSnooze.is_valid` decides, once the duration has passed or N more events / users arrived
 * (or N within the window): they become unresolved with substatus `escalating` and a
 * `set_escalating` activity. Time is the event's arrival time, so the outcome does not depend on
 * when the batch commits. Only snoozed issues pay for these queries. An ignore duration that ran
 * out takes effect with the next event: Sentry also clears expired snoozes on a schedule, which
 * the store does not.
 */
import { type Kysely, sql } from 'kysely';
import { insertActivities } from '../../db/activity-log';
import type { StoreDatabase } from '../../db/schema';
import { type IssueResolution, parseResolution } from '../../releases/issue-resolution';
import { releaseOrderOf } from '../../releases/release-facts';
import { compareReleases } from '../../releases/release-order';

/** The ingest writer's connection, inside its open transaction. */
type Trx = Kysely<StoreDatabase>;

/** What these checks read of the incoming event. */
interface ReopenEvent {
  eventId: string;
  projectId: number;
  release: string | null;
  /** Epoch ms. */
  receivedAt: number;
}

interface Snooze {
  until: number | null;
  count: number | null;
  window: number | null;
  userCount: number | null;
  userWindow: number | null;
  timesSeen: number;
  usersSeen: number;
}

const parse = <T>(text: string | null): T | null => {
  try {
    return text ? (JSON.parse(text) as T) : null;
  } catch {
    return null;
  }
};

/** The release a resolution holds up to (events of it or older keep the issue resolved), or null. */
function holdsThrough(resolution: IssueResolution): { version: string; inclusive: boolean } | null {
  switch (resolution.type) {
    case 'in_next_release':
      return { version: resolution.current, inclusive: true };
    case 'in_release':
      return { version: resolution.release, inclusive: false };
    case 'in_commit':
      return null;
  }
}

/** True when a resolved issue stays resolved despite this event. */
export async function staysResolved(trx: Trx, resolutionText: string | null, event: ReopenEvent) {
  const resolution = parseResolution(resolutionText);
  const bound = resolution ? holdsThrough(resolution) : null;
  if (bound === null) return false;
  if (event.release === null) return true;
  if (event.release === bound.version) return bound.inclusive;
  const [incoming, fixed] = await Promise.all([
    releaseOrderOf(trx, event.projectId, event.release, event.receivedAt),
    releaseOrderOf(trx, event.projectId, bound.version, 0),
  ]);
  return compareReleases(incoming, fixed) < 0;
}

async function snoozeEnded(trx: Trx, issueId: number, snooze: Snooze, now: number): Promise<boolean> {
  if (snooze.until !== null && snooze.until <= now) return true;
  const issue = await trx
    .selectFrom('issues')
    .select(['times_seen', 'user_count'])
    .where('id', '=', issueId)
    .executeTakeFirstOrThrow();
  const since = (minutes: number) => now - minutes * 60_000;
  if (snooze.count !== null) {
    if (snooze.window === null) {
      if (issue.times_seen - snooze.timesSeen >= snooze.count) return true;
    } else {
      const row = await trx
        .selectFrom('events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('issue_id', '=', issueId)
        .where('timestamp', '>=', since(snooze.window))
        .executeTakeFirstOrThrow();
      if (Number(row.n) >= snooze.count) return true;
    }
  }
  if (snooze.userCount !== null) {
    if (snooze.userWindow === null) return issue.user_count - snooze.usersSeen >= snooze.userCount;
    const row = await trx
      .selectFrom('events')
      .select(
        sql<number>`count(distinct coalesce(json_extract(data, '$.user.id'), json_extract(data, '$.user.email'), json_extract(data, '$.user.username'), json_extract(data, '$.user.ipAddress')))`.as(
          'n',
        ),
      )
      .where('issue_id', '=', issueId)
      .where('timestamp', '>=', since(snooze.userWindow))
      .executeTakeFirstOrThrow();
    return Number(row.n) >= snooze.userCount;
  }
  return false;
}

/** Wakes an ignored issue whose ignore condition this event fulfilled. */
export async function wakeIfSnoozeEnded(trx: Trx, issueId: number, event: ReopenEvent): Promise<void> {
  const issue = await trx
    .selectFrom('issues')
    .select(['status', 'snooze', 'project_id'])
    .where('id', '=', issueId)
    .executeTakeFirstOrThrow();
  const snooze = parse<Snooze>(issue.snooze);
  if (issue.status !== 'ignored' || !snooze || !(await snoozeEnded(trx, issueId, snooze, event.receivedAt))) {
    return;
  }
  await trx
    .updateTable('issues')
    .set({ status: 'unresolved', substatus: 'escalating', status_details: '{}', snooze: null })
    .where('id', '=', issueId)
    .execute();
  await insertActivities(trx, [
    {
      issueId,
      projectId: issue.project_id,
      type: 'set_escalating',
      memberId: null,
      data: { event_id: event.eventId },
      at: event.receivedAt,
    },
  ]);
}

export async function recordRegression(trx: Trx, issueId: number, event: ReopenEvent): Promise<void> {
  await insertActivities(trx, [
    {
      issueId,
      projectId: event.projectId,
      type: 'set_regression',
      memberId: null,
      data: { event_id: event.eventId, version: event.release ?? '' },
      at: event.receivedAt,
    },
  ]);
}
