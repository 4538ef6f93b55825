/**
 * `projects[].healthData` of releases (`health=1`), as Sentry's release-health overview fills it
 * (`release_health/base.py` `ReleaseHealthOverview`), from the stored sessions (migration 0007):
 * - over `summaryStatsPeriod` (default 14d): `totalSessions`, `totalUsers`, `sessionsCrashed`,
 *   `sessionsErrored` (errored minus crashed and abnormal) and the crash-free rates in percent
 *   (0–100, unlike `/sessions/`), null without sessions (or users);
 * - over the last 24 hours: the release's sessions and users, its project's, and adoption as the
 *   release's share of them in percent;
 * - `stats[healthStatsPeriod]`: `[unix seconds, count]` of sessions (or users with
 *   `healthStat=users`) per bucket, Sentry's buckets for that period;
 * - `hasHealthData`: any session in the last 90 days; `durationP50/P90` are null (no durations
 *   are kept).
 * A session counts once, when its `init` arrived; users are distinct `did`s of single sessions
 * (aggregate items carry none). Sessions are bucketed by the hour they started, so windows start
 * on the hour. Every release of the page is answered by a handful of grouped queries.
 */
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { StoreDb } from '../../db/database';
import { ApiError } from '../api-error';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Sentry's `STATS_PERIODS` (`snuba/sessions.py`): bucket size and count of each period. */
export const STATS_PERIODS: Record<string, { rollup: number; buckets: number }> = {
  '1h': { rollup: HOUR, buckets: 1 },
  '24h': { rollup: HOUR, buckets: 24 },
  '1d': { rollup: HOUR, buckets: 24 },
  '48h': { rollup: HOUR, buckets: 48 },
  '2d': { rollup: HOUR, buckets: 48 },
  '7d': { rollup: DAY, buckets: 7 },
  '14d': { rollup: DAY, buckets: 14 },
  '30d': { rollup: DAY, buckets: 30 },
  '90d': { rollup: 3 * DAY, buckets: 30 },
};

export function statsPeriodParam(value: string | undefined, name: string, fallback: string): string {
  const period = value === undefined || value === '' ? fallback : value;
  if (!(period in STATS_PERIODS)) {
    throw new ApiError(
      400,
      `Invalid ${name}: "${period.slice(0, 20)}"; one of ${Object.keys(STATS_PERIODS).join(', ')}`,
    );
  }
  return period;
}

export interface HealthOptions {
  summaryStatsPeriod: string;
  healthStatsPeriod: string;
  healthStat: 'sessions' | 'users';
  environments: string[];
  now: number;
}

export interface HealthData {
  durationP50: null;
  durationP90: null;
  crashFreeUsers: number | null;
  crashFreeSessions: number | null;
  totalUsers: number;
  totalUsers24h: number | null;
  totalProjectUsers24h: number | null;
  totalSessions: number;
  totalSessions24h: number | null;
  totalProjectSessions24h: number | null;
  adoption: number | null;
  sessionsAdoption: number | null;
  sessionsCrashed: number;
  sessionsErrored: number;
  hasHealthData: boolean;
  stats: Record<string, Array<[number, number]>>;
}

/** `${projectId}\u0000${version}`: the key of `releaseHealthData`'s answer. */
export const healthKey = (projectId: number, version: string) => `${projectId}\u0000${version}`;

export const hourOf = (ms: number) => ms - (ms % HOUR);
const percent = (part: number, whole: number) => (whole > 0 ? (part / whole) * 100 : null);

/** The union of single sessions (one row each) and aggregates, as rows of counts. */
export function sessionRows(
  projectIds: number[],
  environments: string[],
  since: number,
  versions?: string[],
) {
  const where = (table: string): RawBuilder<SqlBool> => {
    const parts = [
      sql<SqlBool>`${sql.ref(`${table}.project_id`)} in (${sql.join(projectIds)})`,
      sql<SqlBool>`${sql.ref(`${table}.bucket`)} >= ${since}`,
    ];
    if (versions) parts.push(sql<SqlBool>`${sql.ref(`${table}.release`)} in (${sql.join(versions)})`);
    if (environments.length > 0)
      parts.push(sql<SqlBool>`${sql.ref(`${table}.environment`)} in (${sql.join(environments)})`);
    return sql<SqlBool>`${sql.join(parts, sql` and `)}`;
  };
  return sql`
    select project_id, release, bucket, did, 1 as sessions,
           case when status_rank = 3 then 1 else 0 end as crashed,
           case when status_rank > 0 or had_errors = 1 then 1 else 0 end as errored,
           case when status_rank = 2 then 1 else 0 end as abnormal
    from session_states where init = 1 and ${where('session_states')}
    union all
    select project_id, release, bucket, null, total, crashed, errored, abnormal
    from session_aggregates where ${where('session_aggregates')}`;
}

interface SummaryRow {
  project_id: number;
  release: string;
  sessions: number;
  crashed: number;
  errored: number;
  abnormal: number;
  users: number;
  crashed_users: number;
}

export async function releaseHealthData(
  db: StoreDb,
  pairs: Array<{ projectId: number; version: string }>,
  options: HealthOptions,
): Promise<Map<string, HealthData>> {
  const result = new Map<string, HealthData>();
  if (pairs.length === 0) return result;
  const projectIds = [...new Set(pairs.map((pair) => pair.projectId))];
  const versions = [...new Set(pairs.map((pair) => pair.version))];
  const { now, environments } = options;
  const { rollup, buckets } = STATS_PERIODS[options.healthStatsPeriod]!;
  const statsStart = now - rollup * buckets;
  const statsFirst = (Math.floor(statsStart / rollup) + 1) * rollup;
  const summarySince = hourOf(now - periodMs(options.summaryStatsPeriod));
  const daySince = hourOf(now - DAY);

  const summary = await sql<SummaryRow>`
    select project_id, release, sum(sessions) as sessions, sum(crashed) as crashed, sum(errored) as errored,
           sum(abnormal) as abnormal, count(distinct did) as users,
           count(distinct case when crashed = 1 then did end) as crashed_users
    from (${sessionRows(projectIds, environments, summarySince, versions)})
    group by project_id, release`.execute(db);
  // Adoption compares with every release of the project, so these are not narrowed to the page.
  const dayRows = sessionRows(projectIds, environments, daySince);
  const perRelease = await sql<{ project_id: number; release: string; sessions: number; users: number }>`
    select project_id, release, sum(sessions) as sessions, count(distinct did) as users
    from (${dayRows}) group by project_id, release`.execute(db);
  const perProject = await sql<{ project_id: number; sessions: number; users: number }>`
    select project_id, sum(sessions) as sessions, count(distinct did) as users
    from (${dayRows}) group by project_id`.execute(db);
  const counted = options.healthStat === 'users' ? sql`count(distinct did)` : sql`sum(sessions)`;
  const stats = await sql<{ project_id: number; release: string; t: number; n: number }>`
    select project_id, release, bucket - (bucket % ${rollup}) as t, ${counted} as n
    from (${sessionRows(projectIds, environments, hourOf(statsStart), versions)})
    group by project_id, release, t`.execute(db);
  const has = await pairsWithHealthData(db, pairs, now);
  const bySummary = new Map(summary.rows.map((row) => [healthKey(Number(row.project_id), row.release), row]));
  const byDay = new Map<string, { sessions: number; users: number }>();
  for (const row of perRelease.rows)
    byDay.set(healthKey(Number(row.project_id), row.release), {
      sessions: Number(row.sessions),
      users: Number(row.users),
    });
  for (const row of perProject.rows)
    byDay.set(`${row.project_id}`, { sessions: Number(row.sessions), users: Number(row.users) });
  const series = new Map<string, Array<[number, number]>>();
  for (const row of stats.rows) {
    const key = healthKey(Number(row.project_id), row.release);
    let points = series.get(key);
    if (!points) {
      points = emptyStats(statsFirst, rollup, buckets);
      series.set(key, points);
    }
    // As Sentry places them: the bucket holding the window's start joins the first point.
    const point = points[Math.max(0, Math.floor((Number(row.t) - statsStart) / rollup))];
    if (point) point[1] += Number(row.n);
  }

  for (const { projectId, version } of pairs) {
    const key = healthKey(projectId, version);
    const s = bySummary.get(key);
    const sessions = Number(s?.sessions ?? 0);
    const users = Number(s?.users ?? 0);
    const crashed = Number(s?.crashed ?? 0);
    const release24 = byDay.get(key);
    const project24 = byDay.get(`${projectId}`);
    result.set(key, {
      durationP50: null,
      durationP90: null,
      crashFreeUsers: users > 0 ? 100 - (Number(s?.crashed_users ?? 0) / users) * 100 : null,
      crashFreeSessions: sessions > 0 ? 100 - (crashed / sessions) * 100 : null,
      totalUsers: users,
      totalUsers24h: release24?.users ?? 0,
      totalProjectUsers24h: project24?.users ?? 0,
      totalSessions: sessions,
      totalSessions24h: release24?.sessions ?? 0,
      totalProjectSessions24h: project24?.sessions ?? 0,
      adoption: percent(release24?.users ?? 0, project24?.users ?? 0),
      sessionsAdoption: percent(release24?.sessions ?? 0, project24?.sessions ?? 0),
      sessionsCrashed: crashed,
      sessionsErrored: Math.max(0, Number(s?.errored ?? 0) - crashed - Number(s?.abnormal ?? 0)),
      hasHealthData: has.has(key),
      stats: { [options.healthStatsPeriod]: series.get(key) ?? emptyStats(statsFirst, rollup, buckets) },
    });
  }
  return result;
}

/** `[unix seconds, 0]` per bucket, as Sentry's `_make_stats` lays them out. */
function emptyStats(first: number, rollup: number, buckets: number): Array<[number, number]> {
  return Array.from({ length: buckets }, (_, i) => [(first + i * rollup) / 1000, 0]);
}

export function periodMs(period: string): number {
  const { rollup, buckets } = STATS_PERIODS[period]!;
  return rollup * buckets;
}

/**
 * Which (project, release) pairs had a session in the last 90 days: `projects[].hasHealthData`.
 * One index probe per pair (migration 0010), however many sessions a release has.
 */
export async function pairsWithHealthData(
  db: StoreDb,
  pairs: Array<{ projectId: number; version: string }>,
  now: number,
): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  const since = hourOf(now - 90 * DAY);
  const values = sql.join(pairs.map((pair) => sql`(${pair.projectId}, ${pair.version})`));
  const rows = await sql<{ project_id: number; release: string }>`
    with pairs (project_id, release) as (values ${values})
    select project_id, release from pairs p
    where exists (select 1 from session_aggregates a
                  where a.project_id = p.project_id and a.release = p.release and a.bucket >= ${since})
       or exists (select 1 from session_states s
                  where s.project_id = p.project_id and s.release = p.release and s.bucket >= ${since} and s.init = 1)`.execute(
    db,
  );
  return new Set(rows.rows.map((row) => healthKey(Number(row.project_id), row.release)));
}
