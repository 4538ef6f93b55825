/**
 * Status changes of issue mutations, after Sentry's `update_groups`: resolve (now, in the next
 * release, in a named release or `latest`), unresolve, and ignore (forever, for a duration, until
 * N events or N users, optionally within a window, or until escalating). Returns the fields the
 * response echoes.
 *
 * Invariants:
 * - a resolution tied to a release needs all issues in one project (Sentry's 400 otherwise);
 * - an ignore condition is kept as a private `snooze` (with the counts at the time, for conditions
 *   without a window) that ingest checks (`ingest/write/issue-reopen.ts`); `statusDetails` shows it as
 *   Sentry does, leaving out conditions that are not set;
 * - an activity row is written for each issue whose state actually changed, never for a no-op;
 * - "until escalating" archives without a snooze: the store has no forecasts to escalate from.
 */
import { IGNORED_SUBSTATUSES, type IssueBulkUpdate, UNRESOLVED_SUBSTATUSES } from '@dexter/sentry-wire';
import { sql } from 'kysely';
import { type ActivityType, insertActivities } from '../../../db/activity-log';
import type { StoreDb } from '../../../db/database';
import type { IssueRow } from '../../../db/schema';
import { ApiError } from '../../api-error';
import { isoOf } from '../../organizations/serialize-organization';

export interface MutationEnv {
  memberId: number | null;
  /** `statusDetails.actor`: the acting member as Sentry serializes a user, or absent. */
  actor: Record<string, unknown> | null;
  now: number;
}

type Echo = Record<string, unknown>;
const WEEK = 7 * 86_400_000;

const compact = (record: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => value !== null && value !== undefined));

async function record(db: StoreDb, issues: IssueRow[], type: ActivityType, data: Echo, env: MutationEnv) {
  await insertActivities(
    db,
    issues.map((issue) => ({
      issueId: issue.id,
      projectId: issue.project_id,
      type,
      memberId: env.memberId,
      data,
      at: env.now,
    })),
  );
}

/** The release most recently seen for the first time in the project, Sentry's `latest`. */
async function latestRelease(db: StoreDb, projectId: number): Promise<string | null> {
  const row = await db
    .selectFrom('issue_tags')
    .innerJoin('issues', 'issues.id', 'issue_tags.issue_id')
    .select('issue_tags.value')
    .where('issues.project_id', '=', projectId)
    .where('issue_tags.key', '=', 'release')
    .groupBy('issue_tags.value')
    .orderBy(sql`min(issue_tags.first_seen)`, 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.value ?? null;
}

async function resolve(
  db: StoreDb,
  issues: IssueRow[],
  body: IssueBulkUpdate,
  env: MutationEnv,
): Promise<Echo> {
  const details = body.statusDetails ?? {};
  if (details.inCommit !== undefined) {
    throw new ApiError(
      400,
      'Resolving in a commit is not supported by the built-in store: it has no repositories.',
    );
  }
  const projects = new Set(issues.map((issue) => issue.project_id));
  const actor = env.actor ? { actor: env.actor } : {};
  let statusDetails: Echo = {};
  let resolution: Echo | null = null;
  let activity: [ActivityType, Echo] = ['set_resolved', {}];
  if (body.status === 'resolvedInNextRelease' || details.inNextRelease) {
    if (projects.size > 1)
      throw new ApiError(400, 'Cannot set resolved in next release for multiple projects.');
    statusDetails = { inNextRelease: true, ...actor };
    resolution = { type: 'in_next_release', at: env.now };
    activity = ['set_resolved_in_release', { version: '' }];
  } else if (details.inRelease) {
    if (projects.size > 1) throw new ApiError(400, 'Cannot set resolved in release for multiple projects.');
    const version =
      details.inRelease === 'latest' ? await latestRelease(db, issues[0]!.project_id) : details.inRelease;
    if (version === null) {
      throw new ApiError(400, 'statusDetails.inRelease: No release data present in the system.', {
        statusDetails: { inRelease: ['No release data present in the system.'] },
      });
    }
    statusDetails = { inRelease: version, ...actor };
    resolution = { type: 'in_release', release: version, at: env.now };
    activity = ['set_resolved_in_release', { version }];
  }
  const signature = (r: Echo | null) => (r ? `${r.type}:${r.release ?? ''}` : '');
  const wanted = signature(resolution);
  const changed = issues.filter(
    (issue) =>
      issue.status !== 'resolved' ||
      signature(issue.resolution ? JSON.parse(issue.resolution) : null) !== wanted,
  );
  await db
    .updateTable('issues')
    .set({
      status: 'resolved',
      substatus: null,
      status_details: JSON.stringify(statusDetails),
      snooze: null,
      resolution: resolution ? JSON.stringify(resolution) : null,
    })
    .where(
      'id',
      'in',
      issues.map((issue) => issue.id),
    )
    .execute();
  await record(db, changed, activity[0], activity[1], env);
  return { status: 'resolved', statusDetails };
}

async function unresolve(
  db: StoreDb,
  issues: IssueRow[],
  body: IssueBulkUpdate,
  env: MutationEnv,
): Promise<Echo> {
  const given = (UNRESOLVED_SUBSTATUSES as readonly string[]).includes(body.substatus ?? '')
    ? body.substatus!
    : null;
  // Sentry's `infer_substatus`: only a single issue's history picks `new` or `regressed`.
  const only = issues.length === 1 ? issues[0]! : null;
  const inferred =
    only?.status === 'resolved'
      ? 'regressed'
      : only?.status === 'ignored' && only.first_seen > env.now - WEEK
        ? 'new'
        : 'ongoing';
  const substatus = given ?? inferred;
  const changed = issues.filter((issue) => issue.status !== 'unresolved');
  if (changed.length > 0) {
    await db
      .updateTable('issues')
      .set({ status: 'unresolved', substatus, status_details: '{}', snooze: null, resolution: null })
      .where(
        'id',
        'in',
        changed.map((issue) => issue.id),
      )
      .execute();
  }
  await record(db, changed, 'set_unresolved', {}, env);
  return { status: 'unresolved', substatus, statusDetails: {} };
}

async function ignore(
  db: StoreDb,
  issues: IssueRow[],
  body: IssueBulkUpdate,
  env: MutationEnv,
): Promise<Echo> {
  const d = body.statusDetails ?? {};
  const [duration, count, window, userCount, userWindow] = [
    d.ignoreDuration ?? null,
    d.ignoreCount ?? null,
    d.ignoreWindow ?? null,
    d.ignoreUserCount ?? null,
    d.ignoreUserWindow ?? null,
  ];
  const hasCondition = duration !== null || count !== null || userCount !== null;
  const given = (IGNORED_SUBSTATUSES as readonly string[]).includes(body.substatus ?? '')
    ? body.substatus!
    : null;
  const substatus = given ?? (hasCondition ? 'archived_until_condition_met' : 'archived_forever');
  const until = duration === null ? null : env.now + duration * 60_000;
  const conditional = hasCondition && substatus !== 'archived_until_escalating';
  const statusDetails = conditional
    ? compact({
        ignoreCount: count,
        ignoreUntil: isoOf(until),
        ignoreUserCount: userCount,
        ignoreUserWindow: userWindow,
        ignoreWindow: window,
        actor: env.actor,
      })
    : {};
  const detailsText = JSON.stringify(statusDetails);
  const changed = issues.filter(
    (issue) =>
      issue.status !== 'ignored' || issue.substatus !== substatus || issue.status_details !== detailsText,
  );
  await db
    .updateTable('issues')
    .set({
      status: 'ignored',
      substatus,
      status_details: detailsText,
      resolution: null,
      // The counts at the time, per issue, so "N more events/users" can be checked on ingest.
      snooze: conditional
        ? sql<string>`json_object('until', ${until}, 'count', ${count}, 'window', ${window}, 'userCount', ${userCount}, 'userWindow', ${userWindow}, 'timesSeen', times_seen, 'usersSeen', user_count)`
        : null,
    })
    .where(
      'id',
      'in',
      issues.map((issue) => issue.id),
    )
    .execute();
  await record(
    db,
    changed,
    'set_ignored',
    {
      ignoreCount: count,
      ignoreDuration: duration,
      ignoreUntil: isoOf(until),
      ignoreUserCount: userCount,
      ignoreUserWindow: userWindow,
      ignoreWindow: window,
      ignoreUntilEscalating: substatus === 'archived_until_escalating' ? true : null,
    },
    env,
  );
  return { status: 'ignored', substatus, statusDetails };
}

export async function applyStatus(
  db: StoreDb,
  issues: IssueRow[],
  body: IssueBulkUpdate,
  env: MutationEnv,
): Promise<Echo> {
  switch (body.status) {
    case 'resolved':
    case 'resolvedInNextRelease':
      return resolve(db, issues, body, env);
    case 'unresolved':
      return unresolve(db, issues, body, env);
    case 'ignored':
    case 'muted':
      return ignore(db, issues, body, env);
    default:
      return {};
  }
}
