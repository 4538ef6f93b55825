import { z } from 'zod';
import { IssueSchema } from './issues';

/** One stack frame, camelCase, crashing frame last (Sentry's order). */
export const FrameSchema = z.object({
  filename: z.string().nullable(),
  absPath: z.string().nullable(),
  module: z.string().nullable(),
  function: z.string().nullable(),
  lineNo: z.number().nullable(),
  colNo: z.number().nullable(),
  inApp: z.boolean(),
  /** [lineNo, source line] pairs around `lineNo`. */
  context: z.array(z.tuple([z.number(), z.string()])),
});
export type Frame = z.infer<typeof FrameSchema>;

export const ExceptionSchema = z.object({
  type: z.string().nullable(),
  value: z.string().nullable(),
  module: z.string().nullable(),
  mechanism: z.object({ type: z.string().nullable(), handled: z.boolean().nullable() }).nullable(),
  frames: z.array(FrameSchema),
  /** The frames as the SDK sent them when source maps rewrote `frames` (Sentry's `rawStacktrace`). */
  rawFrames: z.array(FrameSchema).nullish(),
});
export type Exception = z.infer<typeof ExceptionSchema>;

export const BreadcrumbSchema = z.object({
  timestamp: z.string().nullable(),
  type: z.string().nullable(),
  category: z.string().nullable(),
  level: z.string().nullable(),
  message: z.string().nullable(),
  /** What the SDK attached (`url`, `method`, `status_code`…); absent from older producers. */
  data: z.record(z.string(), z.unknown()).nullable().optional(),
});
export type Breadcrumb = z.infer<typeof BreadcrumbSchema>;

/** An event flattened from Sentry's `entries` into what the detail page shows. */
export const EventSchema = z.object({
  id: z.string(),
  dateCreated: z.string().nullable(),
  title: z.string(),
  message: z.string().nullable(),
  platform: z.string().nullable(),
  release: z.string().nullable(),
  environment: z.string().nullable(),
  tags: z.array(z.object({ key: z.string(), value: z.string() })),
  user: z
    .object({
      id: z.string().nullable(),
      email: z.string().nullable(),
      username: z.string().nullable(),
      ipAddress: z.string().nullable(),
    })
    .nullable(),
  contexts: z.record(z.string(), z.unknown()),
  /** Chained exceptions, oldest cause first (Sentry's order). */
  exceptions: z.array(ExceptionSchema),
  breadcrumbs: z.array(BreadcrumbSchema),
  request: z.object({ url: z.string().nullable(), method: z.string().nullable() }).nullable(),
});
export type Event = z.infer<typeof EventSchema>;

export const IssueDetailSchema = z.object({
  issue: IssueSchema,
  latestEvent: EventSchema.nullable(),
});
export type IssueDetail = z.infer<typeof IssueDetailSchema>;

/** One event of an issue (`GET …/issues/{id}/events/{eventId}`) with its older and newer neighbours. */
export const IssueEventSchema = z.object({
  event: EventSchema,
  /** The next older event of the same issue, null for the oldest. */
  previousEventId: z.string().nullable(),
  /** The next newer event, null for the latest. */
  nextEventId: z.string().nullable(),
});
export type IssueEvent = z.infer<typeof IssueEventSchema>;
