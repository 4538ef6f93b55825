/**
 * The correlation of an error rate with a business metric, through the upstream pipeline so it
 * works on Sentry and on the built-in store alike:
 * - the error rate is `events-timeseries` (errors dataset, hourly: the built-in store counts per
 *   hour) for one issue (`issue.id:<id>`) or for every event matching a filter, complete hours only
 *   (the hour in progress would look like a drop);
 * - the metric is the source's samples averaged per hour on the same grid (resample.ts), gaps
 *   interpolated; a metric with samples in fewer than half of the hours is not correlated;
 * - the statistics are `laggedCorrelation` (stats/), the deploys of the period come from the
 *   releases (markers on the chart; a failure to read them leaves the chart without markers).
 * "Most correlated issues" runs the same for each of a search's most frequent issues.
 */
import type {
  CorrelatedIssue,
  CorrelatedIssues,
  CorrelatedIssuesQuery,
  Correlation,
  CorrelationQuery,
  LagResult,
} from '@dexter/contracts';
import type { SentryClient } from '@dexter/sentry-client';
import { DexterError } from '../../errors/error-codes';
import type { IssueSearchParams, SearchPage } from '../../issue-search/issue-search-service';
import { deploysInRange, mapLimited } from '../../release-data/deploys-in-range';
import { bucketGrid, toSeries } from '../../release-data/timeseries-buckets';
import type { MetricSourcesStore } from './metric-sources-store';
import { withoutDailyCycle } from './stats/daily-cycle';
import { type LaggedCorrelation, laggedCorrelation, NotEnoughData } from './stats/lagged-correlation';
import { resampleMean } from './stats/resample';

const HOUR_MS = 3_600_000;
const INTERVAL_SECONDS = 3_600;
const MIN_METRIC_COVERAGE = 0.5;
const ISSUE_CONCURRENCY = 4;
const PERIOD_MS: Record<CorrelationQuery['statsPeriod'], number> = {
  '24h': 24 * HOUR_MS,
  '3d': 3 * 24 * HOUR_MS,
  '7d': 7 * 24 * HOUR_MS,
  '14d': 14 * 24 * HOUR_MS,
  '30d': 30 * 24 * HOUR_MS,
};
const background = { priority: 'background' } as const;

export interface CorrelationServiceDeps {
  sentry: Pick<SentryClient, 'activity' | 'issues' | 'releases'>;
  search: { page(org: string, params: IssueSearchParams, page: { limit: number }): Promise<SearchPage> };
  store: MetricSourcesStore;
  now: () => number;
}

const list = (value: string | string[] | undefined) => (value === undefined ? [] : [value].flat());

interface Window {
  start: number;
  end: number;
  grid: number[];
}

function windowOf(statsPeriod: CorrelationQuery['statsPeriod'], now: number): Window {
  const end = Math.floor(now / HOUR_MS) * HOUR_MS;
  const start = end - PERIOD_MS[statsPeriod];
  return { start, end, grid: bucketGrid(start, end, INTERVAL_SECONDS) };
}

const toLagResult = (result: LaggedCorrelation): LagResult => ({
  ...result,
  lagSeconds: result.lag * INTERVAL_SECONDS,
});

const formatP = (p: number) => (p < 0.0001 ? '< 0.0001' : `= ${p.toPrecision(2)}`);

export function hoursText(lag: number): string {
  const hours = Math.abs(lag);
  return `${hours} hour${hours === 1 ? '' : 's'}`;
}

/** One sentence a person reads; never a claim of cause. */
export function summaryOf(
  result: LagResult,
  metricName: string,
  errorsName: string,
  dailyCycleRemoved = false,
): string {
  const direction = result.r > 0 ? 'rises' : 'falls';
  const when =
    result.lag === 0
      ? 'in the same hour'
      : result.lag > 0
        ? `${hoursText(result.lag)} after the ${errorsName} rises`
        : `${hoursText(result.lag)} before the ${errorsName} rises`;
  const cycle = dailyCycleRemoved ? ', with the daily cycle removed' : '';
  const strength = `r = ${result.r.toFixed(2)}, p ${formatP(result.pValue)} after allowing for autocorrelation (about ${Math.round(result.effectiveN)} independent hours of ${result.n}) and for the ${result.lagsTried} lags tried${cycle}`;
  return result.significant
    ? `${metricName} ${direction} ${when} (${strength}). The alignment is unlikely to be chance, but correlation is not cause.`
    : `No significant relation: the strongest alignment is ${metricName} ${direction} ${when} (${strength}), which chance alone often produces.`;
}

export function createCorrelationService({ sentry, search, store, now }: CorrelationServiceDeps) {
  async function sourceOf(org: string, sourceId: string) {
    const source = await store.get(org, Number(sourceId));
    if (!source) throw new DexterError('DEXTER_ERR_NOT_FOUND', `No metric source ${sourceId}`);
    return source;
  }

  async function errorCounts(
    org: string,
    window: Window,
    filter: { query: string; projects: string[]; environments: string[] },
  ): Promise<number[]> {
    const answer = await sentry.activity.eventsTimeseries(
      org,
      {
        start: new Date(window.start).toISOString(),
        end: new Date(window.end).toISOString(),
        interval: INTERVAL_SECONDS,
        project: filter.projects,
        environment: filter.environments,
        query: filter.query,
      },
      background,
    );
    return toSeries(answer, window.grid, INTERVAL_SECONDS, null)[0]?.counts ?? window.grid.map(() => 0);
  }

  async function metricOn(sourceId: number, window: Window) {
    const samples = await store.samples(sourceId, window.start, window.end);
    const resampled = resampleMean(samples, window.start, HOUR_MS, window.grid.length);
    const shown = window.grid.map(() => null as number | null);
    for (const sample of samples) {
      const index = Math.floor((sample.at - window.start) / HOUR_MS);
      if (index >= 0 && index < shown.length) shown[index] = resampled.values[index]!;
    }
    const coverage = window.grid.length === 0 ? 0 : resampled.observed / window.grid.length;
    const problem =
      coverage < MIN_METRIC_COVERAGE
        ? `The metric has samples in ${resampled.observed} of the ${window.grid.length} hours of the period; at least half are needed`
        : null;
    return { values: resampled.values, shown, problem };
  }

  function correlateOrExplain(
    errors: number[],
    metric: number[],
    window: Window,
    params: Pick<CorrelationQuery, 'maxLagHours' | 'dailyCycle'>,
  ): { result: LagResult | null; reason: string | null } {
    try {
      const [x, y] =
        params.dailyCycle === 'remove'
          ? [withoutDailyCycle(errors, window.grid), withoutDailyCycle(metric, window.grid)]
          : [errors, metric];
      return { result: toLagResult(laggedCorrelation(x, y, { maxLag: params.maxLagHours })), reason: null };
    } catch (error) {
      if (error instanceof NotEnoughData) {
        return { result: null, reason: `Not enough data: ${error.message}` };
      }
      throw error;
    }
  }

  return {
    async correlate(org: string, sourceId: string, params: CorrelationQuery): Promise<Correlation> {
      const source = await sourceOf(org, sourceId);
      const window = windowOf(params.statsPeriod, now());
      const projects = list(params.project);
      const environments = list(params.environment);
      const issue = params.issue ? await sentry.issues.get(org, params.issue, background) : null;
      const [errors, metric, deploys] = await Promise.all([
        errorCounts(org, window, {
          query: params.issue ? `issue.id:${params.issue}` : (params.query ?? ''),
          projects,
          environments,
        }),
        metricOn(Number(source.id), window),
        deploysInRange(
          sentry,
          org,
          { start: window.start, end: window.end, environments, projectIds: projects },
          background,
        ).then(
          (found) => found.deploys,
          () => [],
        ),
      ]);
      const label = issue
        ? `${issue.shortId ?? issue.id}: ${issue.title ?? 'issue'}`
        : params.query
          ? `Errors matching ${params.query}`
          : 'All errors';
      const outcome = metric.problem
        ? { result: null, reason: metric.problem }
        : correlateOrExplain(errors, metric.values, window, params);
      const errorsName = issue ? 'issue’s error rate' : 'error rate';
      return {
        source: { id: source.id, name: source.name },
        target: { kind: issue ? 'issue' : 'search', issueId: issue?.id ?? null, label },
        interval: INTERVAL_SECONDS,
        start: new Date(window.start).toISOString(),
        end: new Date(window.end).toISOString(),
        buckets: window.grid,
        errors,
        metric: metric.shown,
        result: outcome.result,
        reason: outcome.reason,
        dailyCycle: params.dailyCycle,
        summary: outcome.result
          ? summaryOf(outcome.result, source.name, errorsName, params.dailyCycle === 'remove')
          : (outcome.reason ?? ''),
        deploys: deploys.map((deploy) => ({
          key: deploy.key,
          release: deploy.release,
          environment: deploy.environment,
          dateFinished: deploy.dateFinished,
        })),
      };
    },

    async correlatedIssues(
      org: string,
      sourceId: string,
      params: CorrelatedIssuesQuery,
    ): Promise<CorrelatedIssues> {
      const source = await sourceOf(org, sourceId);
      const window = windowOf(params.statsPeriod, now());
      const metric = await metricOn(Number(source.id), window);
      if (metric.problem) throw new DexterError('DEXTER_ERR_CONFLICT', metric.problem);
      const projects = list(params.project);
      const environments = list(params.environment);
      const page = await search.page(
        org,
        {
          query: params.query ?? 'is:unresolved',
          sort: 'freq',
          projects,
          environments,
          statsPeriod: params.statsPeriod,
        },
        { limit: params.limit },
      );
      const items = await mapLimited(
        page.issues,
        ISSUE_CONCURRENCY,
        async (issue): Promise<CorrelatedIssue> => {
          const errors = await errorCounts(org, window, {
            query: `issue.id:${issue.id}`,
            projects,
            environments,
          });
          const { result, reason } = correlateOrExplain(errors, metric.values, window, params);
          const { byLag: _byLag, ...summary } = result ?? { byLag: null };
          return {
            issueId: issue.id,
            shortId: issue.shortId ?? issue.id,
            title: issue.title ?? '(no title)',
            events: errors.reduce((sum, count) => sum + count, 0),
            result: result ? (summary as Omit<LagResult, 'byLag'>) : null,
            reason,
          };
        },
      );
      const strength = (item: CorrelatedIssue) => (item.result ? Math.abs(item.result.r) : -1);
      items.sort((a, b) => strength(b) - strength(a));
      return { items, issuesConsidered: page.issues.length };
    },
  };
}

export type CorrelationService = ReturnType<typeof createCorrelationService>;
