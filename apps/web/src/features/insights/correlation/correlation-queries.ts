/**
 * Metric sources and their correlation with error rates: `GET …/metric-sources`, the correlation
 * of one source with an issue's (or every error's) rate, the issues that move most with it, and
 * adding a source (CSV upload or Prometheus query).
 */
import {
  CORRELATION_PERIODS,
  CorrelatedIssuesSchema,
  CorrelationSchema,
  type MetricSourceCreate,
  MetricSourceListSchema,
  MetricSourceSchema,
} from '@dexter/contracts';
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { apiPath, withQuery } from '../../../api/api-path';
import { apiDelete, apiGet, apiPost } from '../../../api/http';

export type CorrelationPeriod = (typeof CORRELATION_PERIODS)[number];
export const PERIODS = CORRELATION_PERIODS;

export interface CorrelationTarget {
  sourceId: string;
  issueId: string | null;
  /** Event filter (`environment:production release:shop@1.5.0`); '' for every error. */
  filter: string;
  statsPeriod: CorrelationPeriod;
  maxLagHours: number;
  /** Correlate departures from each hour of day's usual level instead of the raw series. */
  dailyCycle: 'keep' | 'remove';
}

export const correlationKeys = {
  sources: (org: string) => ['insights', org, 'metric-sources'] as const,
  correlation: (org: string, target: CorrelationTarget) => ['insights', org, 'correlation', target] as const,
  issues: (org: string, target: Omit<CorrelationTarget, 'issueId'>) =>
    ['insights', org, 'correlated-issues', target] as const,
};

export function metricSourcesQueryOptions(org: string) {
  return queryOptions({
    queryKey: correlationKeys.sources(org),
    queryFn: ({ signal }) =>
      apiGet(apiPath`/organizations/${org}/metric-sources`, MetricSourceListSchema, signal),
    staleTime: 30_000,
  });
}

export function correlationQueryOptions(org: string, target: CorrelationTarget) {
  return queryOptions({
    queryKey: correlationKeys.correlation(org, target),
    queryFn: ({ signal }) =>
      apiGet(
        withQuery(apiPath`/organizations/${org}/metric-sources/${target.sourceId}/correlation`, {
          issue: target.issueId,
          query: target.issueId ? null : target.filter || null,
          statsPeriod: target.statsPeriod,
          maxLagHours: target.maxLagHours,
          dailyCycle: target.dailyCycle,
        }),
        CorrelationSchema,
        signal,
      ),
    staleTime: 60_000,
  });
}

export function correlatedIssuesQueryOptions(org: string, target: Omit<CorrelationTarget, 'issueId'>) {
  return queryOptions({
    queryKey: correlationKeys.issues(org, target),
    queryFn: ({ signal }) =>
      apiGet(
        withQuery(apiPath`/organizations/${org}/metric-sources/${target.sourceId}/correlated-issues`, {
          // The same filter as an issue search, over the unresolved issues.
          query: `is:unresolved ${target.filter}`.trim(),
          statsPeriod: target.statsPeriod,
          maxLagHours: target.maxLagHours,
          dailyCycle: target.dailyCycle,
          limit: 10,
        }),
        CorrelatedIssuesSchema,
        signal,
      ),
    staleTime: 60_000,
  });
}

export const createMetricSource = (org: string, body: MetricSourceCreate) =>
  apiPost(apiPath`/organizations/${org}/metric-sources`, body, MetricSourceSchema);

export const pollMetricSource = (org: string, sourceId: string) =>
  apiPost(apiPath`/organizations/${org}/metric-sources/${sourceId}/poll`, undefined, MetricSourceSchema);

/** 204 without a body. */
export const deleteMetricSource = (org: string, sourceId: string) =>
  apiDelete(apiPath`/organizations/${org}/metric-sources/${sourceId}`, z.undefined());
