/**
 * Release health over the stored sessions (`session_states` and `session_aggregates`, migration
 * 0007), computed as Sentry derives it (sentry `release_health/metrics.py`): a session counts
 * once, when its `init` arrived; crash-free = 1 − crashed / total, for sessions and for distinct
 * users (`did`); adoption = a release's share of its environment's sessions in the window.
 * Rates are 0–1 ratios, as `/sessions/` answers them (Web API `healthData` uses 0–100).
 *
 * Buckets are hours, so `interval` is a whole number of hours and `since` is floored to it.
 */
import { sql } from 'kysely';
import type { StoreDb } from '../../db/database';

export const HOUR_MS = 3_600_000;

export interface ReleaseHealthQuery {
  org: string;
  projectIds?: readonly number[];
  release?: string;
  environment?: string;
  /** ms, inclusive. */
  since: number;
  /** ms, exclusive. */
  until: number;
  /** ms, a whole number of hours. */
  interval: number;
}

export interface SessionCounts {
  sessions: number;
  /** Sessions that did not end cleanly, crashed and abnormal ones included. */
  errored: number;
  crashed: number;
  abnormal: number;
}

export interface ReleaseHealthGroup extends SessionCounts {
  release: string;
  environment: string;
  users: number;
  crashedUsers: number;
  erroredUsers: number;
  abnormalUsers: number;
  /** null without sessions (or users). */
  crashFreeSessions: number | null;
  crashFreeUsers: number | null;
  /** The release's share of its environment's sessions in the window. */
  adoption: number | null;
  /** One entry per interval. */
  series: SessionCounts[];
}

export interface ReleaseHealth {
  start: number;
  end: number;
  /** Start of each interval, ms. */
  intervals: number[];
  groups: ReleaseHealthGroup[];
}

interface BucketRow {
  release: string;
  environment: string;
  bucket: number;
  sessions: number;
  errored: number;
  crashed: number;
  abnormal: number;
}

interface UserRow {
  release: string;
  environment: string;
  users: number;
  crashed_users: number;
  errored_users: number;
  abnormal_users: number;
}

export async function releaseHealth(db: StoreDb, query: ReleaseHealthQuery): Promise<ReleaseHealth> {
  const { interval } = query;
  if (!(interval >= HOUR_MS) || interval % HOUR_MS !== 0)
    throw new RangeError('interval must be whole hours');
  const start = Math.floor(query.since / interval) * interval;
  const end = query.until;
  const intervals: number[] = [];
  for (let t = start; t < end; t += interval) intervals.push(t);

  const projects = await projectIdsOf(db, query);
  if (projects.length === 0) return { start, end, intervals, groups: [] };
  const env = query.environment ?? null;
  const inProjects = sql.join(projects);

  // Every release is read, even with `release` set: adoption needs the environment's total.
  const buckets = await sql<BucketRow>`
    select release, environment, bucket, sum(sessions) as sessions, sum(errored) as errored,
           sum(crashed) as crashed, sum(abnormal) as abnormal
    from (
      select release, environment, bucket, 1 as sessions,
             case when status_rank > 0 or had_errors = 1 then 1 else 0 end as errored,
             case when status_rank = 3 then 1 else 0 end as crashed,
             case when status_rank = 2 then 1 else 0 end as abnormal
      from session_states
      where init = 1 and project_id in (${inProjects}) and bucket >= ${start} and bucket < ${end}
        and (${env} is null or environment = ${env})
      union all
      select release, environment, bucket, total, errored, crashed, abnormal
      from session_aggregates
      where project_id in (${inProjects}) and bucket >= ${start} and bucket < ${end}
        and (${env} is null or environment = ${env})
    )
    group by release, environment, bucket`.execute(db);

  const users = await sql<UserRow>`
    select release, environment, count(distinct did) as users,
           count(distinct case when status_rank = 3 then did end) as crashed_users,
           count(distinct case when status_rank > 0 or had_errors = 1 then did end) as errored_users,
           count(distinct case when status_rank = 2 then did end) as abnormal_users
    from session_states
    where init = 1 and did is not null and project_id in (${inProjects})
      and bucket >= ${start} and bucket < ${end} and (${env} is null or environment = ${env})
    group by release, environment`.execute(db);

  return {
    start,
    end,
    intervals,
    groups: toGroups(buckets.rows, users.rows, start, interval, intervals.length, query.release),
  };
}

function toGroups(
  buckets: BucketRow[],
  users: UserRow[],
  start: number,
  interval: number,
  slots: number,
  release: string | undefined,
): ReleaseHealthGroup[] {
  const groups = new Map<string, ReleaseHealthGroup>();
  const envTotals = new Map<string, number>();
  const keyOf = (r: { release: string; environment: string }) => JSON.stringify([r.release, r.environment]);
  const groupOf = (r: { release: string; environment: string }) => {
    const key = keyOf(r);
    let group = groups.get(key);
    if (!group) {
      group = {
        release: r.release,
        environment: r.environment,
        ...emptyCounts(),
        users: 0,
        crashedUsers: 0,
        erroredUsers: 0,
        abnormalUsers: 0,
        crashFreeSessions: null,
        crashFreeUsers: null,
        adoption: null,
        series: Array.from({ length: slots }, emptyCounts),
      };
      groups.set(key, group);
    }
    return group;
  };
  for (const row of buckets) {
    const group = groupOf(row);
    const slot = group.series[Math.floor((Number(row.bucket) - start) / interval)];
    for (const target of slot ? [group, slot] : [group]) {
      target.sessions += Number(row.sessions);
      target.errored += Number(row.errored);
      target.crashed += Number(row.crashed);
      target.abnormal += Number(row.abnormal);
    }
    envTotals.set(row.environment, (envTotals.get(row.environment) ?? 0) + Number(row.sessions));
  }
  for (const row of users) {
    const group = groupOf(row);
    group.users = Number(row.users);
    group.crashedUsers = Number(row.crashed_users);
    group.erroredUsers = Number(row.errored_users);
    group.abnormalUsers = Number(row.abnormal_users);
  }
  const result: ReleaseHealthGroup[] = [];
  for (const group of groups.values()) {
    if (release !== undefined && group.release !== release) continue;
    const envTotal = envTotals.get(group.environment) ?? 0;
    group.crashFreeSessions = group.sessions > 0 ? 1 - group.crashed / group.sessions : null;
    group.crashFreeUsers = group.users > 0 ? 1 - group.crashedUsers / group.users : null;
    group.adoption = envTotal > 0 ? group.sessions / envTotal : null;
    result.push(group);
  }
  return result.sort((a, b) => b.sessions - a.sessions || a.release.localeCompare(b.release));
}

function emptyCounts(): SessionCounts {
  return { sessions: 0, errored: 0, crashed: 0, abnormal: 0 };
}

async function projectIdsOf(db: StoreDb, query: ReleaseHealthQuery): Promise<number[]> {
  let select = db
    .selectFrom('projects')
    .innerJoin('organizations', 'organizations.id', 'projects.organization_id')
    .select('projects.id')
    .where('organizations.slug', '=', query.org);
  if (query.projectIds && query.projectIds.length > 0)
    select = select.where('projects.id', 'in', query.projectIds);
  return (await select.execute()).map((row) => Number(row.id));
}
