/**
 * The release-health side of the releases list and detail: Sentry's `health=1`
 * (`healthStatsPeriod`, default 24h; `summaryStatsPeriod`, default 14d; `healthStat`
 * sessions|users; `environment`), `adoptionStages=1`, and `sort` by health. Without either flag
 * a page still answers `projects[].hasHealthData`, as Sentry does.
 *
 * Adoption stages: Sentry records when a release crosses 10 % adoption in an environment; the
 * store keeps no such history, so a stage is read from the sessions it has: `adopted` while the
 * release holds at least 10 % of its project's sessions of the last 24 hours, `replaced` when it
 * held that share over the summary period but no longer does, `low_adoption` otherwise. The
 * `adopted`/`unadopted` times are null for that reason.
 */
import { sql } from 'kysely';
import type { ReleaseRow } from '../../db/schema';
import { ApiError } from '../api-error';
import type { ApiContext } from '../http/api-context';
import { listParam, type RawQuery, singleParam } from '../http/query-params';
import {
  type HealthData,
  type HealthOptions,
  healthKey,
  hourOf,
  pairsWithHealthData,
  periodMs,
  releaseHealthData,
  sessionRows,
  statsPeriodParam,
} from './release-health-data';
import type { ReleaseExtras } from './serialize-release';

const ADOPTED_PERCENT = 10;
const HEALTH_SORTS = [
  'sessions',
  'users',
  'crash_free_sessions',
  'crash_free_users',
  'sessions_24h',
  'users_24h',
] as const;
export type ReleaseSort = 'date' | (typeof HEALTH_SORTS)[number];

export interface ReleaseHealthRequest {
  health: boolean;
  adoptionStages: boolean;
  options: HealthOptions;
}

const flag = (query: RawQuery, name: string) => ['1', 'true'].includes(singleParam(query, name) ?? '');

export function releaseHealthRequest(query: RawQuery, now: number): ReleaseHealthRequest {
  const healthStat = singleParam(query, 'healthStat') ?? 'sessions';
  if (healthStat !== 'sessions' && healthStat !== 'users') {
    throw new ApiError(400, `Invalid healthStat: "${healthStat.slice(0, 20)}"; sessions or users`);
  }
  return {
    health: flag(query, 'health'),
    adoptionStages: flag(query, 'adoptionStages'),
    options: {
      summaryStatsPeriod: statsPeriodParam(
        singleParam(query, 'summaryStatsPeriod'),
        'summaryStatsPeriod',
        '14d',
      ),
      healthStatsPeriod: statsPeriodParam(
        singleParam(query, 'healthStatsPeriod'),
        'healthStatsPeriod',
        '24h',
      ),
      healthStat,
      environments: listParam(query, 'environment').filter((env) => env !== ''),
      now,
    },
  };
}

export function releaseSortParam(query: RawQuery): ReleaseSort {
  const sort = singleParam(query, 'sort') ?? 'date';
  if (sort === 'date' || (HEALTH_SORTS as readonly string[]).includes(sort)) return sort as ReleaseSort;
  throw new ApiError(400, `Invalid sort: "${sort.slice(0, 30)}"; one of date, ${HEALTH_SORTS.join(', ')}`);
}

/** Fills `health`, `hasHealthData` and `adoptionStages` of a page's extras. */
export async function addHealthExtras(
  ctx: ApiContext,
  releases: ReleaseRow[],
  extras: Map<number, ReleaseExtras>,
  request: ReleaseHealthRequest,
): Promise<void> {
  const pairs = releases.flatMap((release) =>
    (extras.get(release.id)?.projects ?? []).map((project) => ({
      projectId: project.id,
      version: release.version,
    })),
  );
  if (!request.health && !request.adoptionStages) {
    const has = await pairsWithHealthData(ctx.db, pairs, request.options.now);
    for (const release of releases) {
      const entry = extras.get(release.id)!;
      entry.hasHealthData = new Set(
        entry.projects.filter((p) => has.has(healthKey(p.id, release.version))).map((p) => p.id),
      );
    }
    return;
  }
  const health = await releaseHealthData(ctx.db, pairs, request.options);
  const shares = request.adoptionStages ? await summaryShares(ctx, pairs, request.options) : new Map();
  for (const release of releases) {
    const entry = extras.get(release.id)!;
    const byProject = new Map<number, HealthData>();
    for (const project of entry.projects) {
      const data = health.get(healthKey(project.id, release.version));
      if (data) byProject.set(project.id, data);
    }
    entry.hasHealthData = new Set([...byProject].filter(([, data]) => data.hasHealthData).map(([id]) => id));
    if (request.health) entry.health = byProject;
    if (request.adoptionStages) {
      entry.adoptionStages = Object.fromEntries(
        entry.projects.map((project) => {
          const key = healthKey(project.id, release.version);
          return [
            project.slug,
            { stage: stageOf(health.get(key), shares.get(key)), adopted: null, unadopted: null },
          ];
        }),
      );
    }
  }
}

function stageOf(data: HealthData | undefined, summaryShare: number | undefined) {
  if ((data?.sessionsAdoption ?? 0) >= ADOPTED_PERCENT) return 'adopted';
  if ((summaryShare ?? 0) >= ADOPTED_PERCENT) return 'replaced';
  return 'low_adoption';
}

/** Each release's share (percent) of its project's sessions over the summary period. */
async function summaryShares(
  ctx: ApiContext,
  pairs: Array<{ projectId: number; version: string }>,
  options: HealthOptions,
): Promise<Map<string, number>> {
  const projectIds = [...new Set(pairs.map((pair) => pair.projectId))];
  if (projectIds.length === 0) return new Map();
  const since = hourOf(options.now - periodMs(options.summaryStatsPeriod));
  const rows = await sql<{ project_id: number; release: string; sessions: number; total: number }>`
    select project_id, release, sum(sessions) as sessions,
           sum(sum(sessions)) over (partition by project_id) as total
    from (${sessionRows(projectIds, options.environments, since)})
    group by project_id, release`.execute(ctx.db);
  return new Map(
    rows.rows.map((row) => [
      healthKey(Number(row.project_id), row.release),
      Number(row.total) > 0 ? (Number(row.sessions) / Number(row.total)) * 100 : 0,
    ]),
  );
}

interface ReleaseMetrics {
  sessions: number;
  users: number;
  crashed: number;
  crashedUsers: number;
  sessions24h: number;
  users24h: number;
}

/**
 * The ids of `candidates` in the order of a health `sort`: highest first, releases without
 * sessions last (newest first among them), over the projects and environments asked for.
 */
async function releaseIdsByHealth(
  ctx: ApiContext,
  candidates: Array<Pick<ReleaseRow, 'id' | 'version' | 'date_created'>>,
  projectIds: number[],
  sort: Exclude<ReleaseSort, 'date'>,
  options: HealthOptions,
): Promise<number[]> {
  const metrics = new Map<string, ReleaseMetrics>();
  if (projectIds.length > 0) {
    const summarySince = hourOf(options.now - periodMs(options.summaryStatsPeriod));
    const daySince = hourOf(options.now - 24 * 3_600_000);
    const since = Math.min(summarySince, daySince);
    const rows = await sql<{
      release: string;
      sessions: number;
      users: number;
      crashed: number;
      crashed_users: number;
      sessions_24h: number;
      users_24h: number;
    }>`
      select release,
             sum(case when bucket >= ${summarySince} then sessions else 0 end) as sessions,
             count(distinct case when bucket >= ${summarySince} then did end) as users,
             sum(case when bucket >= ${summarySince} then crashed else 0 end) as crashed,
             count(distinct case when bucket >= ${summarySince} and crashed = 1 then did end) as crashed_users,
             sum(case when bucket >= ${daySince} then sessions else 0 end) as sessions_24h,
             count(distinct case when bucket >= ${daySince} then did end) as users_24h
      from (${sessionRows(projectIds, options.environments, since)})
      group by release`.execute(ctx.db);
    for (const row of rows.rows) {
      metrics.set(row.release, {
        sessions: Number(row.sessions),
        users: Number(row.users),
        crashed: Number(row.crashed),
        crashedUsers: Number(row.crashed_users),
        sessions24h: Number(row.sessions_24h),
        users24h: Number(row.users_24h),
      });
    }
  }
  const metricOf = (version: string): number | null => {
    const m = metrics.get(version);
    if (!m) return null;
    switch (sort) {
      case 'sessions':
        return m.sessions || null;
      case 'users':
        return m.users || null;
      case 'crash_free_sessions':
        return m.sessions > 0 ? 100 - (m.crashed / m.sessions) * 100 : null;
      case 'crash_free_users':
        return m.users > 0 ? 100 - (m.crashedUsers / m.users) * 100 : null;
      case 'sessions_24h':
        return m.sessions24h || null;
      case 'users_24h':
        return m.users24h || null;
    }
  };
  return candidates
    .map((release) => ({ release, value: metricOf(release.version) }))
    .sort(
      (a, b) =>
        (b.value ?? -1) - (a.value ?? -1) ||
        b.release.date_created - a.release.date_created ||
        b.release.id - a.release.id,
    )
    .map(({ release }) => release.id);
}

/** One page (`limit` rows from `offset`) of `candidates` in the order of a health `sort`. */
export async function pageByHealth(
  ctx: ApiContext,
  candidates: ReleaseRow[],
  page: {
    organizationId: number;
    projectIds: number[];
    sort: Exclude<ReleaseSort, 'date'>;
    options: HealthOptions;
    offset: number;
    limit: number;
  },
): Promise<ReleaseRow[]> {
  const projectIds =
    page.projectIds.length > 0
      ? page.projectIds
      : (
          await ctx.db
            .selectFrom('projects')
            .select('id')
            .where('organization_id', '=', page.organizationId)
            .execute()
        ).map((row) => row.id);
  const ids = await releaseIdsByHealth(ctx, candidates, projectIds, page.sort, page.options);
  const byId = new Map(candidates.map((release) => [release.id, release]));
  return ids.slice(page.offset, page.offset + page.limit).map((id) => byId.get(id)!);
}
