/**
 * Status changes of issue mutations, after Sentry's `update_groups`: resolve (now, in the next
 * release, in a named release or `latest`, in a commit), unresolve, and ignore (forever, for a duration, until
 * N events or N users, optionally within a window, or until escalating). Returns the fields the
 * response echoes.
 *
 * Invariants:
 * - a resolution tied to a release or commit needs all issues in one project (Sentry's 400
 *   otherwise); what it remembers for regressions is `releases/issue-resolution.ts`;
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
import { type IssueResolution, parseResolution } from '../../../releases/issue-resolution';
import { latestProjectRelease, projectReleases } from '../../../releases/release-facts';
import { ApiError } from '../../api-error';
import { isoOf } from '../../organizations/serialize-organization';
import { commitToResolveIn } from './resolve-in-commit';

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

const refuseAcrossProjects = (issues: IssueRow[], what: string) => {
  if (new Set(issues.map((issue) => issue.project_id)).size > 1)
    throw new ApiError(400, `Cannot set resolved in ${what} for multiple projects.`);
};

const statusDetailsError = (field: string, message: string) =>
  new ApiError(400, `statusDetails.${field}: ${message}`, { statusDetails: { [field]: [message] } });

/** What a resolution records and echoes: Sentry's `update_groups` for each kind of resolve. */
interface ResolveIn {
  /** The response's `statusDetails`. */
  echo: Echo;
  /** The issue's `statusDetails` from now on (differs from the echo once a commit is released). */
  shown: Echo;
  resolution: IssueResolution | null;
  activity: [ActivityType, Echo];
}

async function resolveIn(
  db: StoreDb,
  issues: IssueRow[],
  body: IssueBulkUpdate,
  env: MutationEnv,
): Promise<ResolveIn> {
  const details = body.statusDetails ?? {};
  const actor = env.actor ? { actor: env.actor } : {};
  const projectId = issues[0]?.project_id ?? 0;
  if (body.status === 'resolvedInNextRelease' || details.inNextRelease) {
    refuseAcrossProjects(issues, 'next release');
    const current = await latestProjectRelease(db, projectId);
    // Sentry's validator refuses `inNextRelease` without releases; a bare `resolvedInNextRelease`
    // resolves with nothing to compare later events with, so the next event reopens the issue.
    if (current === null && details.inNextRelease)
      throw statusDetailsError(
        'inNextRelease',
        "No release data present in the system to form a basis for 'Next Release'",
      );
    const echo = { inNextRelease: true, ...actor };
    return {
      echo,
      shown: echo,
      resolution: current === null ? null : { type: 'in_next_release', current },
      activity: ['set_resolved_in_release', { version: '' }],
    };
  }
  if (details.inRelease) {
    refuseAcrossProjects(issues, 'release');
    const version = await releaseToResolveIn(db, projectId, details.inRelease);
    const echo = { inRelease: version, ...actor };
    return {
      echo,
      shown: echo,
      resolution: { type: 'in_release', release: version },
      activity: ['set_resolved_in_release', { version }],
    };
  }
  if (details.inCommit) {
    refuseAcrossProjects(issues, 'commit');
    const target = await commitToResolveIn(db, projectId, details.inCommit, env.now);
    // The spec's shapes, not the server's (which puts the serialized commit in both): the update
    // echoes `{commit, repository}` and the issue shows the sha (`statusDetails.inCommit: string`).
    const echo = { inCommit: { commit: target.sha, repository: details.inCommit.repository }, ...actor };
    // A commit some release already contains resolves in the newest such release, as Sentry's
    // `most_recent_release_matching_commit`; the issue then shows that release.
    return {
      echo,
      shown: {
        ...(target.release === null ? { inCommit: target.sha } : { inRelease: target.release }),
        ...actor,
      },
      resolution:
        target.release === null
          ? { type: 'in_commit', commit: target.sha, repositoryId: target.repositoryId }
          : { type: 'in_release', release: target.release },
      activity: ['set_resolved_in_commit', { commit: target.commit }],
    };
  }
  return { echo: {}, shown: {}, resolution: null, activity: ['set_resolved', {}] };
}

/** `inRelease`: a version of the project (recorded or seen on its events), or `latest`. */
async function releaseToResolveIn(db: StoreDb, projectId: number, wanted: string): Promise<string> {
  if (wanted === 'latest') {
    const latest = await latestProjectRelease(db, projectId);
    if (latest === null)
      throw statusDetailsError(
        'inRelease',
        "No release data present in the system to form a basis for 'Next Release'",
      );
    return latest;
  }
  const known = await projectReleases(db, projectId);
  if (!known.some((release) => release.version === wanted))
    throw statusDetailsError('inRelease', 'Unable to find a release with the given version.');
  return wanted;
}

async function resolve(
  db: StoreDb,
  issues: IssueRow[],
  body: IssueBulkUpdate,
  env: MutationEnv,
): Promise<Echo> {
  const { echo, shown, resolution, activity } = await resolveIn(db, issues, body, env);
  const wanted = JSON.stringify(resolution);
  const changed = issues.filter(
    (issue) => issue.status !== 'resolved' || JSON.stringify(parseResolution(issue.resolution)) !== wanted,
  );
  await db
    .updateTable('issues')
    .set({
      status: 'resolved',
      substatus: null,
      status_details: JSON.stringify(shown),
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
  return { status: 'resolved', statusDetails: echo };
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
