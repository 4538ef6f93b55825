/**
 * A release's insights, one upstream read per section, all in parallel: new issues
 * (`firstRelease:V`) and regressed ones (`release:V is:regressed`) through Dexter's issue search,
 * issues resolved in it, its commits, its health over time, and its figures beside the previous
 * release's (previous by creation date, among releases sharing a project).
 *
 * A section whose endpoint the upstream lacks (404) or refuses for this query (400) is answered
 * `available: false` with the reason; any other failure (upstream down, garbage) fails the whole
 * answer with Dexter's upstream error, as every other route does.
 */
import type {
  HealthSeries,
  InsightSection,
  ReleaseCommit,
  ReleaseFigures,
  ReleaseInsights,
  ReleaseIssues,
} from '@dexter/contracts';
import {
  type Release,
  type SentryClient,
  SentryNotFoundError,
  SentryValidationError,
  type Sessions,
} from '@dexter/sentry-client';
import { DexterError } from '../../errors/error-codes';
import type { IssueSearch } from '../../issue-search/issue-search-service';
import { toIssue } from '../../sentry-mapping/issue-mapper';

const SECTION_ISSUES = 10;
const DAY_MS = 86_400_000;
const HEALTH_WINDOW_MS = 14 * DAY_MS;

export interface InsightsDeps {
  sentry: Pick<SentryClient, 'releases' | 'activity'>;
  search: Pick<IssueSearch, 'page'>;
  now: () => number;
}

/** A quoted search value: Dexter's syntax escapes `"` and `\` inside quotes. */
const quoted = (value: string) => `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

async function settle<T>(what: string, work: () => Promise<T>): Promise<InsightSection<T>> {
  try {
    return { available: true, data: await work() };
  } catch (error) {
    if (error instanceof SentryNotFoundError) {
      return { available: false, reason: `${what} is not available from this upstream` };
    }
    if (error instanceof SentryValidationError) {
      return { available: false, reason: `${what}: the upstream refused the query (${error.message})` };
    }
    throw error;
  }
}

/** Session totals and series of one release from a `/sessions/` answer grouped by release. */
function releaseGroup(answer: Sessions, version: string) {
  return answer.groups.find((group) => String(group.by.release) === version) ?? null;
}

const percent = (ratio: number | null | undefined) => (typeof ratio === 'number' ? ratio * 100 : null);

/**
 * The release's first sign of life: a release recorded after the fact (its `dateReleased` or first
 * event before `dateCreated`, as CI pipelines that record on deploy do) still shows what it had.
 */
function bornAt(release: Release): number | null {
  const known = [release.dateCreated, release.dateReleased, release.firstEvent]
    .map((date) => Date.parse(date ?? ''))
    .filter((ms) => Number.isFinite(ms));
  return known.length > 0 ? Math.min(...known) : null;
}

function healthIntervalFor(rangeMs: number): string {
  if (rangeMs <= 2 * DAY_MS) return '1h';
  if (rangeMs <= 14 * DAY_MS) return '6h';
  return '1d';
}

export function createInsightsService({ sentry, search, now }: InsightsDeps) {
  async function issues(org: string, query: string): Promise<ReleaseIssues> {
    const page = await search.page(
      org,
      { query, sort: 'freq', projects: [], environments: [], statsPeriod: '90d' },
      { limit: SECTION_ISSUES },
    );
    return { issues: page.issues.map((issue) => toIssue(issue)), total: page.hits };
  }

  async function health(org: string, release: Release): Promise<HealthSeries> {
    const end = now();
    const start = Math.min(
      Math.max(bornAt(release) ?? end - DAY_MS, end - HEALTH_WINDOW_MS),
      end - 3_600_000,
    );
    const interval = healthIntervalFor(end - start);
    const answer = await sentry.activity.sessions(org, {
      field: ['sum(session)', 'crash_free_rate(session)'],
      groupBy: ['release'],
      interval,
      start: new Date(start).toISOString(),
      end: new Date(end).toISOString(),
      query: `release:${quoted(release.version)}`,
    });
    const group = releaseGroup(answer, release.version);
    const sessions = answer.intervals.map((_, i) => group?.series?.['sum(session)']?.[i] ?? 0);
    return {
      intervals: answer.intervals,
      sessions,
      crashFreeSessions: answer.intervals.map((_, i) =>
        percent(group?.series?.['crash_free_rate(session)']?.[i] ?? null),
      ),
      totals: {
        sessions: group?.totals['sum(session)'] ?? 0,
        crashFreeSessions: percent(group?.totals['crash_free_rate(session)'] ?? null),
      },
    };
  }

  async function commits(org: string, version: string): Promise<ReleaseCommit[]> {
    const answer = await sentry.releases.commits(org, version);
    return answer.data.map((commit) => ({
      id: commit.id,
      message: commit.message ?? null,
      dateCreated: commit.dateCreated ?? null,
      author: commit.author
        ? { name: commit.author.name ?? commit.author.username ?? null, email: commit.author.email ?? null }
        : null,
      repository: commit.repository?.name ?? null,
    }));
  }

  /** Events in the first day of the release, from one ungrouped timeseries. */
  async function eventsFirstDay(org: string, release: Release): Promise<number | null> {
    const created = bornAt(release);
    if (created === null) return null;
    const end = Math.min(created + DAY_MS, now());
    if (end <= created) return 0;
    const answer = await sentry.activity.eventsTimeseries(org, {
      start: new Date(created).toISOString(),
      end: new Date(end).toISOString(),
      interval: 3_600,
      query: `release:${quoted(release.version)}`,
    });
    return answer.timeSeries.reduce(
      (sum, series) => sum + series.values.reduce((n, point) => n + (point.value ?? 0), 0),
      0,
    );
  }

  async function previousOf(org: string, release: Release): Promise<Release | null> {
    const created = bornAt(release) ?? Date.parse(release.dateCreated ?? '');
    const projectIds = (release.projects ?? []).flatMap((p) => (p.id ? [p.id] : []));
    const list = await sentry.releases.list(org, {
      perPage: 100,
      ...(projectIds.length ? { project: projectIds } : {}),
    });
    const older = list.data.filter(
      (other) => other.version !== release.version && (bornAt(other) ?? 0) < created,
    );
    older.sort((a, b) => (bornAt(b) ?? 0) - (bornAt(a) ?? 0));
    return older[0] ?? null;
  }

  async function comparison(org: string, release: Release) {
    const previous = await previousOf(org, release);
    const end = now();
    const sessions = await sentry.activity
      .sessions(org, {
        field: ['sum(session)', 'crash_free_rate(session)'],
        groupBy: ['release'],
        interval: '1d',
        start: new Date(end - HEALTH_WINDOW_MS).toISOString(),
        end: new Date(end).toISOString(),
      })
      .catch((error: unknown) => {
        if (error instanceof SentryNotFoundError || error instanceof SentryValidationError) return null;
        throw error;
      });
    const figures = async (of: Release): Promise<ReleaseFigures> => {
      const group = sessions ? releaseGroup(sessions, of.version) : null;
      return {
        version: of.version,
        dateCreated: of.dateCreated ?? null,
        eventsFirstDay: await eventsFirstDay(org, of),
        newIssues: of.newGroups ?? 0,
        crashFreeSessions: percent(group?.totals['crash_free_rate(session)'] ?? null),
        sessions: sessions ? (group?.totals['sum(session)'] ?? 0) : null,
      };
    };
    const [current, before] = await Promise.all([
      figures(release),
      previous ? figures(previous) : Promise.resolve(null),
    ]);
    return { current, previous: before };
  }

  return {
    async insights(org: string, version: string): Promise<ReleaseInsights> {
      const release = await sentry.releases.get(org, version).catch((error: unknown) => {
        if (error instanceof SentryNotFoundError) {
          throw new DexterError('DEXTER_ERR_NOT_FOUND', `release ${version} not found`);
        }
        throw error;
      });
      const v = quoted(version);
      const [newIssues, regressedIssues, resolvedIssues, commitList, healthSeries, compared] =
        await Promise.all([
          settle('New issues', () => issues(org, `firstRelease:${v}`)),
          settle('Regressed issues', () => issues(org, `release:${v} is:regressed`)),
          settle('Issues resolved in this release', async () => {
            const resolved = await sentry.releases.resolved(org, version);
            return { issues: resolved.slice(0, 50).map((issue) => toIssue(issue)), total: resolved.length };
          }),
          settle('Commits', () => commits(org, version)),
          settle('Release health', () => health(org, release)),
          settle('The comparison with the previous release', () => comparison(org, release)),
        ]);
      return {
        newIssues,
        regressedIssues,
        resolvedIssues,
        commits: commitList,
        health: healthSeries,
        comparison: compared,
      };
    },
  };
}

export type InsightsService = ReturnType<typeof createInsightsService>;
