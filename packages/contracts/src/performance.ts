/**
 * The performance routes' parameters and answers (`/api/v1/organizations/{org}/performance/…`):
 * the server's routes validate with them and the web app's performance pages parse with them.
 */
import { z } from 'zod';

export const PerformanceParamsSchema = z.object({ org: z.string().min(1) });

const STATS_PERIOD = /^\d{1,4}[mhdw]$/;
const list = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]));

export const PerformanceQuerySchema = z.object({
  statsPeriod: z
    .string()
    .regex(STATS_PERIOD, 'statsPeriod must be <n>[mhdw], e.g. 24h or 14d')
    .default('24h'),
  environment: list,
  /** One project's (service's) transactions, by slug. */
  project: z.string().max(100).optional(),
});

export const SummaryQuerySchema = PerformanceQuerySchema.extend({
  transaction: z.string().min(1, 'transaction is required').max(200),
});

export const TransactionFiguresSchema = z.object({
  count: z.number(),
  /** Transactions per minute over the period (the pages show it per hour when it is small). */
  throughput: z.number(),
  p50: z.number().nullable(),
  p75: z.number().nullable(),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
  /** 0..1 */
  failureRate: z.number().nullable(),
  apdex: z.number().nullable(),
});

export const TransactionRowSchema = TransactionFiguresSchema.extend({
  transaction: z.string(),
  project: z.string(),
  previous: TransactionFiguresSchema.nullable(),
  /** (p95 - previous p95) / previous p95; null without a previous period. */
  p95Change: z.number().nullable(),
});

export const TransactionsOverviewSchema = z.object({
  statsPeriod: z.string(),
  apdexThresholdMs: z.number(),
  transactions: z.array(TransactionRowSchema),
});

const SeriesPointSchema = z.tuple([z.number(), z.number()]);

export const SpanGroupSchema = z.object({
  op: z.string(),
  description: z.string().nullable(),
  count: z.number(),
  p95: z.number().nullable(),
  totalMs: z.number(),
});

export const TransactionSummarySchema = z.object({
  transaction: z.string(),
  statsPeriod: z.string(),
  apdexThresholdMs: z.number(),
  figures: TransactionFiguresSchema,
  /** [unix ms, transactions per minute in the bucket] */
  throughputSeries: z.array(SeriesPointSchema),
  p95Series: z.array(SeriesPointSchema),
  intervalMs: z.number(),
  histogram: z.array(z.object({ from: z.number(), to: z.number(), count: z.number() })),
  slowestOperations: z.array(SpanGroupSchema),
  slowestSpans: z.array(SpanGroupSchema),
  /** The slowest transactions' traces, to open in the trace view. */
  slowestTraces: z.array(z.object({ traceId: z.string(), duration: z.number(), project: z.string() })),
});

export const ServiceGraphSchema = z.object({
  statsPeriod: z.string(),
  /** How many traces the edges were counted in, and whether that was every trace of the range. */
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

export type PerformanceQuery = z.infer<typeof PerformanceQuerySchema>;
export type SummaryQuery = z.infer<typeof SummaryQuerySchema>;
export type TransactionFigures = z.infer<typeof TransactionFiguresSchema>;
export type TransactionRow = z.infer<typeof TransactionRowSchema>;
export type TransactionsOverview = z.infer<typeof TransactionsOverviewSchema>;
export type TransactionSummary = z.infer<typeof TransactionSummarySchema>;
export type SpanGroup = z.infer<typeof SpanGroupSchema>;
export type ServiceGraph = z.infer<typeof ServiceGraphSchema>;
