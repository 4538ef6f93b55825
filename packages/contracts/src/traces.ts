/**
 * One distributed trace as Dexter's API answers it, in both modes: the waterfall's rows already
 * flattened in display order (depth first, children by start time), so the browser can virtualize
 * a 10,000-span trace without walking a tree. Errors sit on the row of the span they happened in;
 * `orphanErrors` are the trace's errors whose span is not in it. Times are epoch milliseconds.
 */
import { z } from 'zod';

export const TRACE_ID_PATTERN = /^[0-9a-fA-F]{32}$/;

export const TraceErrorRowSchema = z.object({
  eventId: z.string(),
  issueId: z.string().nullable(),
  shortId: z.string().nullable(),
  title: z.string(),
  level: z.string(),
  culprit: z.string().nullable(),
  project: z.string(),
  /** Epoch ms. */
  timestamp: z.number().nullable(),
  spanId: z.string().nullable(),
});
export type TraceErrorRow = z.infer<typeof TraceErrorRowSchema>;

export const TraceSpanRowSchema = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  /** 0 for a root; the row's indentation. */
  depth: z.number().int().nonnegative(),
  /** Spans below this one, at any depth (what a collapsed row hides). */
  descendants: z.number().int().nonnegative(),
  op: z.string(),
  description: z.string(),
  /** The service: the project slug that sent the span. */
  project: z.string(),
  transaction: z.string(),
  transactionId: z.string().nullable(),
  isTransaction: z.boolean(),
  start: z.number(),
  end: z.number(),
  /** Milliseconds. */
  duration: z.number(),
  status: z.string().nullable(),
  sdkName: z.string().nullable(),
  attributes: z.record(z.string(), z.unknown()),
  errors: z.array(TraceErrorRowSchema),
});
export type TraceSpanRow = z.infer<typeof TraceSpanRowSchema>;

export const TraceViewSchema = z.object({
  traceId: z.string(),
  /** Earliest start and latest end of the spans (and errors); null for an empty trace. */
  start: z.number().nullable(),
  end: z.number().nullable(),
  spans: z.array(TraceSpanRowSchema),
  orphanErrors: z.array(TraceErrorRowSchema),
  /** Project slugs of the trace, in order of first appearance. */
  projects: z.array(z.string()),
  errorCount: z.number().int().nonnegative(),
});
export type TraceView = z.infer<typeof TraceViewSchema>;

export const TraceParamsSchema = z.object({
  org: z.string().min(1).max(100),
  traceId: z.string().regex(TRACE_ID_PATTERN, 'a trace id is 32 hexadecimal characters'),
});

export const TraceQuerySchema = z.object({
  /** How far back the upstream searches for the trace's items; default 30d. */
  statsPeriod: z
    .string()
    .regex(/^\d{1,4}[smhdw]$/, 'a period such as 24h or 14d')
    .optional(),
  /** An error of the trace the answer must include. */
  errorId: z
    .string()
    .regex(/^[0-9a-fA-F]{32}$/)
    .optional(),
});
