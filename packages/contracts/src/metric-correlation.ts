/**
 * Business-metric correlation (issue 20): metric sources (a CSV upload, or a Prometheus-compatible
 * query endpoint Dexter polls), and the lagged cross-correlation of an issue's or a search's error
 * rate with a metric, with a significance figure that accounts for autocorrelation (Pyper–Peterman
 * effective sample size, Šidák-corrected for the lags searched). Correlation is not cause.
 */
import { z } from 'zod';
import { SentryIssueIdSchema } from './issues';

export const METRIC_CSV_MAX_BYTES = 1024 * 1024;
export const METRIC_SOURCE_KINDS = ['csv', 'prometheus'] as const;

export const MetricSourceSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(METRIC_SOURCE_KINDS),
  /** Prometheus: the base URL (without credentials); null for CSV. */
  baseUrl: z.string().nullable(),
  /** Prometheus: the PromQL expression; null for CSV. */
  query: z.string().nullable(),
  stepSeconds: z.number().int().nullable(),
  pollSeconds: z.number().int().nullable(),
  /** A bearer token is stored (sealed); it is never shown. */
  hasToken: z.boolean(),
  points: z.number().int().nonnegative(),
  firstAt: z.string().nullable(),
  lastAt: z.string().nullable(),
  lastPolledAt: z.string().nullable(),
  /** The last poll's failure, in words; null when it succeeded. */
  lastError: z.string().nullable(),
  createdAt: z.string(),
});
export type MetricSource = z.infer<typeof MetricSourceSchema>;

export const MetricSourceListSchema = z.object({ items: z.array(MetricSourceSchema) });
export type MetricSourceList = z.infer<typeof MetricSourceListSchema>;

const SourceName = z.string().trim().min(1).max(100);

export const CsvMetricSourceCreateSchema = z.object({
  kind: z.literal('csv'),
  name: SourceName,
  /** `timestamp,value` lines (an optional header); timestamps ISO 8601 or unix seconds/ms. */
  csv: z.string().min(1).max(METRIC_CSV_MAX_BYTES, `must be at most ${METRIC_CSV_MAX_BYTES} characters`),
});

export const PrometheusMetricSourceCreateSchema = z.object({
  kind: z.literal('prometheus'),
  name: SourceName,
  /** The server's base URL (`https://prom.example.com`, or with a path prefix); checked by the SSRF guard. */
  baseUrl: z.url({ protocol: /^https?$/ }).max(2000),
  query: z.string().trim().min(1).max(2000),
  /** Resolution asked of `query_range`. */
  stepSeconds: z.number().int().min(15).max(3600).default(300),
  /** How often Dexter polls. */
  pollSeconds: z.number().int().min(30).max(86_400).default(300),
  /** Sent as `Authorization: Bearer …`; stored sealed. */
  bearerToken: z.string().min(1).max(4096).optional(),
});

export const MetricSourceCreateSchema = z.discriminatedUnion('kind', [
  CsvMetricSourceCreateSchema,
  PrometheusMetricSourceCreateSchema,
]);
export type MetricSourceCreate = z.infer<typeof MetricSourceCreateSchema>;

export const MetricSourceParamsSchema = z.object({
  org: z.string().min(1).max(100),
  sourceId: z.string().regex(/^\d{1,12}$/, 'must be a numeric metric source id'),
});

export const CORRELATION_PERIODS = ['24h', '3d', '7d', '14d', '30d'] as const;
const listParam = z.union([z.string(), z.array(z.string())]);

export const CorrelationQuerySchema = z.object({
  /** One issue's error rate; without it, the error rate of every event matching the filters below. */
  issue: SentryIssueIdSchema.optional(),
  /** Event filter of the error rate (release:, environment:, project: …) when no issue is given. */
  query: z.string().max(2000).optional(),
  /** Project ids. */
  project: listParam.optional(),
  environment: listParam.optional(),
  statsPeriod: z.enum(CORRELATION_PERIODS).default('7d'),
  /** Largest shift tried either way, in hours. */
  maxLagHours: z.coerce.number().int().min(0).max(48).default(12),
  /**
   * `remove`: correlate each series' departure from its usual level for the hour of day (UTC),
   * so a shared daily rhythm (traffic) does not count as a relation. Needs two days.
   */
  dailyCycle: z.enum(['keep', 'remove']).default('keep'),
});
export type CorrelationQuery = z.infer<typeof CorrelationQuerySchema>;

export const LagResultSchema = z.object({
  /** Buckets; positive: the metric moves after the errors. */
  lag: z.number().int(),
  lagSeconds: z.number().int(),
  r: z.number(),
  n: z.number().int(),
  effectiveN: z.number(),
  /** Adjusted for autocorrelation and for the lags searched: the figure to report. */
  pValue: z.number(),
  pValueAtLag: z.number(),
  /** Pretending the buckets were independent, for contrast. */
  naivePValue: z.number(),
  significant: z.boolean(),
  lagsTried: z.number().int(),
  byLag: z.array(z.object({ lag: z.number().int(), r: z.number().nullable() })),
});
export type LagResult = z.infer<typeof LagResultSchema>;

export const CorrelationSchema = z.object({
  source: z.object({ id: z.string(), name: z.string() }),
  target: z.object({
    kind: z.enum(['issue', 'search']),
    issueId: z.string().nullable(),
    label: z.string(),
  }),
  /** Seconds per bucket. */
  interval: z.number().int(),
  start: z.string(),
  end: z.string(),
  /** Start of each bucket, epoch ms. */
  buckets: z.array(z.number()),
  /** Error events per bucket. */
  errors: z.array(z.number()),
  /** The metric's mean per bucket; null where it had no sample. */
  metric: z.array(z.number().nullable()),
  /** Null when there is not enough data; `reason` says why. */
  result: LagResultSchema.nullable(),
  reason: z.string().nullable(),
  /** Whether the daily cycle was removed before correlating (the chart shows the series as they are). */
  dailyCycle: z.enum(['keep', 'remove']),
  /** One plain sentence on what the figures say. */
  summary: z.string(),
  deploys: z.array(
    z.object({
      key: z.string(),
      release: z.string(),
      environment: z.string().nullable(),
      dateFinished: z.string(),
    }),
  ),
});
export type Correlation = z.infer<typeof CorrelationSchema>;

export const CorrelatedIssuesQuerySchema = CorrelationQuerySchema.omit({ issue: true }).extend({
  /** How many of the most frequent matching issues to correlate, at most 25. */
  limit: z.coerce.number().int().min(1).max(25).default(10),
});
export type CorrelatedIssuesQuery = z.infer<typeof CorrelatedIssuesQuerySchema>;

export const CorrelatedIssueSchema = z.object({
  issueId: z.string(),
  shortId: z.string(),
  title: z.string(),
  /** Events in the period. */
  events: z.number().int().nonnegative(),
  result: LagResultSchema.omit({ byLag: true }).nullable(),
  reason: z.string().nullable(),
});
export type CorrelatedIssue = z.infer<typeof CorrelatedIssueSchema>;

export const CorrelatedIssuesSchema = z.object({
  /** Largest |r| first; issues without a result last. */
  items: z.array(CorrelatedIssueSchema),
  issuesConsidered: z.number().int().nonnegative(),
});
export type CorrelatedIssues = z.infer<typeof CorrelatedIssuesSchema>;
