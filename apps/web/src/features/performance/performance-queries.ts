/**
 * The performance pages' reads (`/api/v1/organizations/{org}/performance/…`): the transactions
 * overview, one transaction's summary and the service graph, each for a period, an environment
 * and optionally one service. The answers' schemas mirror the server's
 * (`apps/server/src/features/performance/performance-schemas.ts`).
 */
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { apiPath } from '../../api/api-path';
import { apiGet } from '../../api/http';

const FiguresSchema = z.object({
  count: z.number(),
  throughput: z.number(),
  p50: z.number().nullable(),
  p75: z.number().nullable(),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
  failureRate: z.number().nullable(),
  apdex: z.number().nullable(),
});

const OverviewSchema = z.object({
  statsPeriod: z.string(),
  apdexThresholdMs: z.number(),
  transactions: z.array(
    FiguresSchema.extend({
      transaction: z.string(),
      project: z.string(),
      previous: FiguresSchema.nullable(),
      p95Change: z.number().nullable(),
    }),
  ),
});

const SpanGroupSchema = z.object({
  op: z.string(),
  description: z.string().nullable(),
  count: z.number(),
  p95: z.number().nullable(),
  totalMs: z.number(),
});

const Point = z.tuple([z.number(), z.number()]);

const SummarySchema = z.object({
  transaction: z.string(),
  statsPeriod: z.string(),
  apdexThresholdMs: z.number(),
  figures: FiguresSchema,
  throughputSeries: z.array(Point),
  p95Series: z.array(Point),
  intervalMs: z.number(),
  histogram: z.array(z.object({ from: z.number(), to: z.number(), count: z.number() })),
  slowestOperations: z.array(SpanGroupSchema),
  slowestSpans: z.array(SpanGroupSchema),
  slowestTraces: z.array(z.object({ traceId: z.string(), duration: z.number(), project: z.string() })),
});

const GraphSchema = z.object({
  statsPeriod: z.string(),
  tracesRead: z.number(),
  complete: z.boolean(),
  nodes: z.array(
    z.object({
      id: z.string(),
      transactions: z.number(),
      failureRate: z.number().nullable(),
      p95: z.number().nullable(),
    }),
  ),
  edges: z.array(
    z.object({
      source: z.string(),
      target: z.string(),
      calls: z.number(),
      errorRate: z.number(),
      p95: z.number().nullable(),
    }),
  ),
});

export type Figures = z.infer<typeof FiguresSchema>;
export type TransactionsOverview = z.infer<typeof OverviewSchema>;
export type TransactionSummary = z.infer<typeof SummarySchema>;
export type SpanGroup = z.infer<typeof SpanGroupSchema>;
export type ServiceGraph = z.infer<typeof GraphSchema>;

/** What every performance page filters by; kept in the page URL. */
export interface PerformanceFilters {
  statsPeriod: string;
  environment: string;
  project: string;
}

export const PERIODS = [
  { value: '1h', label: 'Last hour' },
  { value: '24h', label: 'Last 24 hours' },
  { value: '7d', label: 'Last 7 days' },
  { value: '14d', label: 'Last 14 days' },
  { value: '30d', label: 'Last 30 days' },
];

export function filtersOf(search: URLSearchParams): PerformanceFilters {
  const period = search.get('statsPeriod') ?? '';
  return {
    statsPeriod: PERIODS.some((p) => p.value === period) ? period : '24h',
    environment: search.get('environment') ?? '',
    project: search.get('project') ?? '',
  };
}

export function filterParams(
  filters: PerformanceFilters,
  extra: Record<string, string> = {},
): URLSearchParams {
  const params = new URLSearchParams({ statsPeriod: filters.statsPeriod, ...extra });
  if (filters.environment) params.set('environment', filters.environment);
  if (filters.project) params.set('project', filters.project);
  return params;
}

const base = (org: string) => apiPath`/organizations/${org}/performance`;

export const overviewOptions = (org: string, filters: PerformanceFilters) =>
  queryOptions({
    queryKey: ['performance', org, 'overview', filters],
    queryFn: ({ signal }) =>
      apiGet(`${base(org)}/transactions?${filterParams(filters)}`, OverviewSchema, signal),
    staleTime: 30_000,
  });

export const summaryOptions = (org: string, transaction: string, filters: PerformanceFilters) =>
  queryOptions({
    queryKey: ['performance', org, 'summary', transaction, filters],
    queryFn: ({ signal }) =>
      apiGet(`${base(org)}/summary?${filterParams(filters, { transaction })}`, SummarySchema, signal),
    staleTime: 30_000,
  });

export const serviceGraphOptions = (org: string, filters: PerformanceFilters) =>
  queryOptions({
    queryKey: ['performance', org, 'graph', filters],
    queryFn: ({ signal }) =>
      apiGet(`${base(org)}/service-graph?${filterParams({ ...filters, project: '' })}`, GraphSchema, signal),
    staleTime: 30_000,
  });

/** Links between the pages, carrying the filters. */
export const performancePath = (org: string, filters: PerformanceFilters) =>
  `/${encodeURIComponent(org)}/performance?${filterParams(filters)}`;
export const summaryPath = (org: string, transaction: string, filters: PerformanceFilters) =>
  `/${encodeURIComponent(org)}/performance/summary?${filterParams(filters, { transaction })}`;
export const serviceGraphPath = (org: string, filters: PerformanceFilters) =>
  `/${encodeURIComponent(org)}/performance/services?${filterParams({ ...filters, project: '' })}`;

/** 1234.5 ms → "1.23 s"; null → "–". */
export function formatMs(ms: number | null): string {
  if (ms === null) return '–';
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
}

export const formatPercent = (ratio: number | null, digits = 1) =>
  ratio === null ? '–' : `${(ratio * 100).toFixed(digits)} %`;

/** Transactions per minute, or per hour when fewer than one a hundred minutes (not "0.00 /min"). */
export function formatThroughput(perMinute: number): string {
  if (perMinute === 0) return '0 /min';
  if (perMinute >= 10) return `${Math.round(perMinute)} /min`;
  if (perMinute >= 0.01) return `${perMinute.toFixed(2)} /min`;
  return `${(perMinute * 60).toFixed(2)} /h`;
}
