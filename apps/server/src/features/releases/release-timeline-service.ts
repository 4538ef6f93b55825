/**
 * The release timeline: error events per interval per release (or environment) over a range,
 * with the deploys finished in it as markers; and one issue's events per interval by release.
 * Two upstream reads in parallel (the top-10 series and the deploys), both through the pipeline.
 */
import type {
  IssueTimeline,
  IssueTimelineQuery,
  ReleaseTimeline,
  ReleaseTimelineQuery,
  TimelinePeriod,
} from '@dexter/contracts';
import type { SentryClient } from '@dexter/sentry-client';
import { DexterError } from '../../errors/error-codes';
import { deploysInRange } from '../../release-data/deploys-in-range';
import { bucketGrid, intervalFor, toSeries } from '../../release-data/timeseries-buckets';

const PERIOD_MS: Record<TimelinePeriod, number> = {
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '14d': 14 * 86_400_000,
  '30d': 30 * 86_400_000,
  '90d': 90 * 86_400_000,
};
const MAX_RANGE_MS = PERIOD_MS['90d'];
/** Sentry's cap for `topEvents`. */
const TOP_GROUPS = 10;

export interface TimelineDeps {
  sentry: Pick<SentryClient, 'activity' | 'releases'>;
  now: () => number;
}

const list = (value: string | string[] | undefined) => (value === undefined ? [] : [value].flat());

export function rangeOf(query: { statsPeriod?: TimelinePeriod; start?: string; end?: string }, now: number) {
  if (query.start !== undefined || query.end !== undefined) {
    const start = Date.parse(query.start ?? '');
    const end = Date.parse(query.end ?? '');
    if (!(start < end)) {
      throw new DexterError('DEXTER_ERR_VALIDATION', 'start and end: both are needed, start before end', {
        field: 'start',
      });
    }
    if (end - start > MAX_RANGE_MS) {
      throw new DexterError('DEXTER_ERR_VALIDATION', 'start and end: at most 90 days apart', {
        field: 'end',
      });
    }
    return { start, end };
  }
  return { start: now - PERIOD_MS[query.statsPeriod ?? '14d'], end: now };
}

/**
 * The upstream range on the bucket grid: from the first bucket's start to the last one's end. A
 * range that moved with every millisecond would never hit the cache; this one changes once per
 * bucket, and the cache's TTL bounds how stale the current bucket's count is.
 */
function alignedRange(grid: readonly number[], start: number, end: number, interval: number) {
  const last = grid.at(-1);
  return {
    start: new Date(grid[0] ?? start).toISOString(),
    end: new Date(last === undefined ? end : last + interval * 1000).toISOString(),
  };
}

export function createTimelineService({ sentry, now }: TimelineDeps) {
  return {
    async timeline(org: string, query: ReleaseTimelineQuery): Promise<ReleaseTimeline> {
      const { start, end } = rangeOf(query, now());
      const interval = intervalFor(end - start);
      const grid = bucketGrid(start, end, interval);
      const groupBy = query.groupBy ?? 'release';
      const environments = list(query.environment);
      const projectIds = list(query.project);
      const [answer, deploys] = await Promise.all([
        sentry.activity.eventsTimeseries(org, {
          ...alignedRange(grid, start, end, interval),
          interval,
          groupBy: [groupBy],
          topEvents: TOP_GROUPS,
          environment: environments,
          project: projectIds,
        }),
        deploysInRange(sentry, org, { start, end, environments, projectIds }),
      ]);
      return {
        start: new Date(start).toISOString(),
        end: new Date(end).toISOString(),
        interval,
        groupBy,
        buckets: grid,
        series: toSeries(answer, grid, interval, groupBy),
        deploys: deploys.deploys,
        deploysTruncated: deploys.truncated,
      };
    },

    async issueTimeline(org: string, issueId: string, query: IssueTimelineQuery): Promise<IssueTimeline> {
      const { start, end } = rangeOf(query, now());
      const interval = intervalFor(end - start);
      const grid = bucketGrid(start, end, interval);
      const answer = await sentry.activity.eventsTimeseries(org, {
        ...alignedRange(grid, start, end, interval),
        interval,
        groupBy: ['release'],
        topEvents: 5,
        query: `issue.id:${issueId}`,
      });
      return {
        start: new Date(start).toISOString(),
        end: new Date(end).toISOString(),
        interval,
        buckets: grid,
        series: toSeries(answer, grid, interval, 'release'),
      };
    },
  };
}

export type TimelineService = ReturnType<typeof createTimelineService>;
