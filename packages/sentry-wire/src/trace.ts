/**
 * One trace as `GET /organizations/{org}/trace/{trace_id}/` answers it (spec "Retrieve a Trace"):
 * a JSON array of root items, spans (`event_type:"span"`, `event_id` = the span id) with their
 * `children` and `errors`, and errors whose span is unknown. Lenient: every field may be missing
 * or null; unknown item types (uptime checks, occurrences) are kept for the caller to skip, but a
 * node's unknown keys are dropped: keeping them copied every key of every span. The built-in store writes this shape (`packages/store/src/tracing/trace-tree.ts`).
 *
 * One node's schema is not recursive (`children` stay unknown): a reader validates the tree node
 * by node, iteratively (`@dexter/sentry-client`'s traces resource). A recursive zod schema cost
 * two to three times as much on a 10,000-span trace and recursed as deep as the trace.
 */
import { z } from 'zod';

const id = z.union([z.string(), z.number()]).transform(String);

export const TraceErrorSchema = z.looseObject({
  event_type: z.string().nullish(),
  event_id: z.string(),
  issue_id: id.nullish(),
  level: z.string().nullish(),
  culprit: z.string().nullish(),
  short_id: z.string().nullish(),
  start_timestamp: z.number().nullish(),
  transaction: z.string().nullish(),
  description: z.string().nullish(),
  project_id: id.nullish(),
  project_slug: z.string().nullish(),
});
export type TraceError = z.infer<typeof TraceErrorSchema>;

export interface TraceItem {
  event_type?: string | null;
  event_id: string;
  transaction_id?: string | null;
  project_id?: string | null;
  project_slug?: string | null;
  transaction?: string | null;
  is_transaction?: boolean | null;
  op?: string | null;
  name?: string | null;
  description?: string | null;
  start_timestamp?: number | null;
  end_timestamp?: number | null;
  duration?: number | null;
  parent_span_id?: string | null;
  status?: string | null;
  sdk_name?: string | null;
  level?: string | null;
  issue_id?: string | null;
  short_id?: string | null;
  culprit?: string | null;
  additional_attributes?: Record<string, unknown> | null;
  children?: TraceItem[] | null;
  errors?: TraceError[] | null;
}

export const TraceNodeSchema = z.object({
  event_type: z.string().nullish(),
  event_id: z.string(),
  transaction_id: z.string().nullish(),
  project_id: id.nullish(),
  project_slug: z.string().nullish(),
  transaction: z.string().nullish(),
  is_transaction: z.boolean().nullish(),
  op: z.string().nullish(),
  name: z.string().nullish(),
  description: z.string().nullish(),
  start_timestamp: z.number().nullish(),
  end_timestamp: z.number().nullish(),
  duration: z.number().nullish(),
  parent_span_id: z.string().nullish(),
  status: z.string().nullish(),
  sdk_name: z.string().nullish(),
  level: z.string().nullish(),
  issue_id: id.nullish(),
  short_id: z.string().nullish(),
  culprit: z.string().nullish(),
  additional_attributes: z.record(z.string(), z.unknown()).nullish(),
  children: z.array(z.unknown()).nullish(),
  errors: z.array(TraceErrorSchema).nullish(),
});

export type Trace = TraceItem[];
