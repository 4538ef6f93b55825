/**
 * The performance pages' reads (`/api/v1/organizations/{org}/performance/…`): the transactions
 * overview, one transaction's summary and the service graph, each for a period, an environment
 * and optionally one service. The answers' schemas are the server's (`@dexter/contracts`'
 * performance.ts).
 */
import { ServiceGraphSchema, TransactionSummarySchema, TransactionsOverviewSchema } from '@dexter/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiPath } from '../../api/api-path';
import { apiGet } from '../../api/http';

export type {
  ServiceGraph,
  SpanGroup,
  TransactionFigures as Figures,
  TransactionSummary,
  TransactionsOverview,
} from '@dexter/contracts';

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
      apiGet(`${base(org)}/transactions?${filterParams(filters)}`, TransactionsOverviewSchema, signal),
    staleTime: 30_000,
  });

export const summaryOptions = (org: string, transaction: string, filters: PerformanceFilters) =>
  queryOptions({
    queryKey: ['performance', org, 'summary', transaction, filters],
    queryFn: ({ signal }) =>
      apiGet(
        `${base(org)}/summary?${filterParams(filters, { transaction })}`,
        TransactionSummarySchema,
        signal,
      ),
    staleTime: 30_000,
  });

export const serviceGraphOptions = (org: string, filters: PerformanceFilters) =>
  queryOptions({
    queryKey: ['performance', org, 'graph', filters],
    queryFn: ({ signal }) =>
      apiGet(
        `${base(org)}/service-graph?${filterParams({ ...filters, project: '' })}`,
        ServiceGraphSchema,
        signal,
      ),
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

/**
 * The throughput chart's unit, from its busiest bucket (the series is per minute): per minute,
 * or per hour when no bucket reaches one a minute, so a quiet transaction's axis reads "12 /h",
 * not a row of "0.2"s labelled per minute.
 */
export function throughputScale(perMinute: ReadonlyArray<readonly [number, number]>): {
  unit: '/min' | '/h';
  factor: number;
} {
  const peak = perMinute.reduce((max, [, value]) => Math.max(max, value), 0);
  return peak > 0 && peak < 1 ? { unit: '/h', factor: 60 } : { unit: '/min', factor: 1 };
}

/** Transactions per minute, or per hour when fewer than one a hundred minutes (not "0.00 /min"). */
export function formatThroughput(perMinute: number): string {
  if (perMinute === 0) return '0 /min';
  if (perMinute >= 10) return `${Math.round(perMinute)} /min`;
  if (perMinute >= 0.01) return `${perMinute.toFixed(2)} /min`;
  return `${(perMinute * 60).toFixed(2)} /h`;
}
