/**
 * Session replays as Dexter's API answers them, in both modes (the built-in store and sentry.io
 * answer the same Sentry calls): a replay's summary for lists, and for the player its rrweb events
 * (all segments, in order, as the SDK recorded them: masked text stays masked) with the errors
 * that happened in it. Times are epoch milliseconds.
 */
import { z } from 'zod';

export const REPLAY_ID_PATTERN = /^[0-9a-fA-F]{32}$/;

export const ReplaySummarySchema = z.object({
  id: z.string(),
  projectId: z.string(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  durationSeconds: z.number().nullable(),
  countErrors: z.number().int().nonnegative(),
  countSegments: z.number().int().nonnegative(),
  urls: z.array(z.string()),
  /** Who: the user's display name, else null. */
  user: z.string().nullable(),
  /** `Chrome 130.0` and `Linux`, or null. */
  browser: z.string().nullable(),
  os: z.string().nullable(),
  environment: z.string().nullable(),
  releases: z.array(z.string()),
  replayType: z.string(),
  errorIds: z.array(z.string()),
});
export type ReplaySummary = z.infer<typeof ReplaySummarySchema>;

export const ReplayListQuerySchema = z.object({
  /** A project id (Sentry's `project`). */
  project: z
    .string()
    .regex(/^\d{1,15}$/)
    .optional(),
  /** Replays in which an error of this issue happened. */
  issueId: z
    .string()
    .regex(/^\d{1,15}$/)
    .optional(),
  statsPeriod: z
    .string()
    .regex(/^\d{1,6}[smhdw]$/)
    .optional(),
});

export const ReplayListSchema = z.object({ replays: z.array(ReplaySummarySchema) });
export type ReplayList = z.infer<typeof ReplayListSchema>;

export const ReplayParamsSchema = z.object({
  org: z.string().min(1),
  replayId: z.string().regex(REPLAY_ID_PATTERN, 'replayId must be 32 hexadecimal characters'),
});

export const ReplayErrorSchema = z.object({
  eventId: z.string(),
  issueId: z.string().nullable(),
  title: z.string(),
  level: z.string().nullable(),
  /** Epoch ms. */
  timestamp: z.number().nullable(),
});
export type ReplayError = z.infer<typeof ReplayErrorSchema>;

export const ReplayDetailSchema = z.object({
  replay: ReplaySummarySchema,
  /** rrweb events of every segment, in segment order. */
  events: z.array(z.record(z.string(), z.unknown())),
  errors: z.array(ReplayErrorSchema),
  /** True when the replay had more segments than one answer carries. */
  truncated: z.boolean(),
});
export type ReplayDetail = z.infer<typeof ReplayDetailSchema>;
