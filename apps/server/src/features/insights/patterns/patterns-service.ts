/**
 * Patterns of a project selection, the same code over sentry.io and the built-in store:
 * 1. the most frequent unresolved issues of the selection over 14 days (Dexter's issue search),
 *    plus the most frequent of every project, the partners co-occurrence compares them with;
 * 2. each one's events per hour over those 14 days (`events-timeseries` with `issue.id:N`);
 * 3. spikes (last 24 hours against the seasonal baseline) and daily periodicity from those series,
 *    hourly periodicity from the times of each issue's latest 100 events (Discover), and
 *    co-occurrence across projects, with the newest releases and their last deploys as markers.
 * Every read is background priority and goes through the upstream pipeline (cache, budget), so
 * a page view costs at most 3 × MAX_ISSUES + 3 calls (two searches, the releases), and a reload
 * within the cache TTLs fewer.
 */
import type { CoOccurrencePattern, PatternIssue, Patterns } from '@dexter/contracts';
import { type SentryClient, type Issue as SentryIssue, SentryPermissionError } from '@dexter/sentry-client';
import type { IssueSearchParams, SearchPage } from '../../../issue-search/issue-search-service';
import { bucketGrid, toSeries } from '../../../release-data/timeseries-buckets';
import { detectCoOccurrence, type ReleaseMarker } from './detect-co-occurrence';
import { detectPeriodic } from './detect-periodic';
import { detectSpikes } from './detect-spikes';
import { DAY_MS, HOUR_MS } from './hourly-series';

/** Issues of the selection whose series are read, and as many partners from every project. */
export const MAX_ISSUES = 15;
export const WINDOW_DAYS = 14;
/** Parallel upstream reads per request: the budget is shared with interactive requests. */
const CONCURRENCY = 4;
const background = { priority: 'background' } as const;

export interface PatternsServiceDeps {
  sentry: Pick<SentryClient, 'activity' | 'discover' | 'releases'>;
  search: { page(org: string, params: IssueSearchParams, page: { limit: number }): Promise<SearchPage> };
  now: () => number;
}

export interface PatternsSelection {
  projects: readonly string[];
  environments: readonly string[];
}

async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  run: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const refOf = (issue: SentryIssue): PatternIssue => ({
  id: issue.id,
  shortId: issue.shortId ?? issue.id,
  title: issue.title ?? '<untitled>',
  project: { id: issue.project?.id ?? '', slug: issue.project?.slug ?? '' },
});

const iso = (ms: number) => new Date(ms).toISOString();

export function createPatternsService({ sentry, search, now }: PatternsServiceDeps) {
  const topIssues = async (org: string, projects: readonly string[], environments: readonly string[]) =>
    (
      await search.page(
        org,
        {
          query: 'is:unresolved',
          sort: 'freq',
          projects,
          environments,
          statsPeriod: `${WINDOW_DAYS}d`,
          groupStatsPeriod: '',
        },
        { limit: MAX_ISSUES },
      )
    ).issues;

  async function hourlyCounts(org: string, issueId: string, grid: number[], environments: readonly string[]) {
    const first = grid[0] ?? 0;
    const answer = await sentry.activity.eventsTimeseries(
      org,
      {
        start: iso(first),
        end: iso(first + grid.length * HOUR_MS),
        interval: HOUR_MS / 1000,
        query: `issue.id:${issueId}`,
        environment: environments.length > 0 ? environments : undefined,
      },
      background,
    );
    return toSeries(answer, grid, HOUR_MS / 1000, null)[0]?.counts ?? grid.map(() => 0);
  }

  /** The latest event times of an issue, or none when the upstream refuses Discover. */
  async function eventTimes(org: string, issueId: string): Promise<number[]> {
    try {
      const table = await sentry.discover.table(
        org,
        {
          field: ['timestamp'],
          query: `issue.id:${issueId}`,
          statsPeriod: `${WINDOW_DAYS}d`,
          sort: '-timestamp',
          perPage: 100,
        },
        background,
      );
      return table.data.flatMap((row) => {
        const at = typeof row.timestamp === 'string' ? Date.parse(row.timestamp) : Number.NaN;
        return Number.isFinite(at) ? [at] : [];
      });
    } catch (error) {
      if (error instanceof SentryPermissionError) return [];
      throw error;
    }
  }

  async function releaseMarkers(org: string, projects: readonly string[]): Promise<ReleaseMarker[]> {
    const releases = await sentry.releases.list(
      org,
      { project: projects.length > 0 ? projects : undefined, perPage: 100 },
      background,
    );
    return releases.data.flatMap((release) => {
      const markers: ReleaseMarker[] = [];
      const released = Date.parse(release.dateReleased ?? release.dateCreated ?? '');
      if (Number.isFinite(released)) {
        markers.push({ version: release.version, at: released, kind: 'release', environment: null });
      }
      const deployed = Date.parse(release.lastDeploy?.dateFinished ?? '');
      if (Number.isFinite(deployed)) {
        const environment = release.lastDeploy?.environment ?? null;
        markers.push({ version: release.version, at: deployed, kind: 'deploy', environment });
      }
      return markers;
    });
  }

  return {
    async forSelection(org: string, selection: PatternsSelection): Promise<Patterns> {
      const end = Math.floor(now() / HOUR_MS) * HOUR_MS + HOUR_MS;
      const grid = bucketGrid(end - WINDOW_DAYS * DAY_MS, end, HOUR_MS / 1000);
      const start = grid[0] ?? end;
      const [own, everywhere, markers] = await Promise.all([
        topIssues(org, selection.projects, selection.environments),
        selection.projects.length > 0
          ? topIssues(org, [], selection.environments)
          : Promise.resolve([] as SentryIssue[]),
        releaseMarkers(org, []),
      ]);
      const ownIds = new Set(own.map((issue) => issue.id));
      const issues = [...own, ...everywhere.filter((issue) => !ownIds.has(issue.id))];
      const series = await mapLimit(issues, CONCURRENCY, (issue) =>
        hourlyCounts(org, issue.id, grid, selection.environments),
      );
      const times = await mapLimit(own, CONCURRENCY, (issue) => eventTimes(org, issue.id));

      const spikes = own.flatMap((issue, index) =>
        detectSpikes({ start, counts: series[index] ?? [] }).map((spike) => ({
          issue: refOf(issue),
          ...spike,
          at: iso(spike.at),
        })),
      );
      const periodic = own.flatMap((issue, index) => {
        const buckets = (series[index] ?? []).map((weight, hour) => ({
          at: start + hour * HOUR_MS + HOUR_MS / 2,
          weight,
        }));
        const events = (times[index] ?? []).map((at) => ({ at, weight: 1 }));
        // Hourly buckets find a daily schedule; the event times, when Discover gave them, place it
        // to the minute.
        const inBuckets = detectPeriodic(buckets, DAY_MS);
        const daily = inBuckets ? (detectPeriodic(events, DAY_MS) ?? inBuckets) : null;
        const found = daily ?? detectPeriodic(events, HOUR_MS);
        if (!found) return [];
        return [
          {
            issue: refOf(issue),
            period: daily ? ('daily' as const) : ('hourly' as const),
            phaseMinutes: Math.round(found.phaseMs / 60_000),
            concentration: found.concentration,
            cycles: found.cycles,
          },
        ];
      });
      const byId = new Map(issues.map((issue) => [issue.id, issue]));
      const coOccurrences: CoOccurrencePattern[] = detectCoOccurrence(
        issues.map((issue, index) => ({
          id: issue.id,
          project: issue.project?.slug ?? '',
          counts: series[index] ?? [],
        })),
        start,
        markers,
      )
        .filter((group) => group.issueIds.some((id) => ownIds.has(id)))
        .map((group) => ({
          issues: group.issueIds.flatMap((id) => {
            const issue = byId.get(id);
            return issue ? [refOf(issue)] : [];
          }),
          start: iso(group.start),
          end: iso(group.end),
          similarity: group.similarity,
          stopped: group.stopped,
          nearestRelease: group.nearestMarker
            ? {
                version: group.nearestMarker.version,
                kind: group.nearestMarker.kind,
                environment: group.nearestMarker.environment,
                at: iso(group.nearestMarker.at),
                offsetMinutes: Math.round(group.nearestMarker.offsetMs / 60_000),
              }
            : null,
        }));
      return {
        window: { start: iso(start), end: iso(end) },
        issuesConsidered: issues.length,
        spikes: spikes.sort((a, b) => b.score - a.score),
        periodic,
        coOccurrences,
      };
    },
  };
}

export type PatternsService = ReturnType<typeof createPatternsService>;
