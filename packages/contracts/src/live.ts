/**
 * The live WebSocket (`/api/v1/live`), defined once for both apps: the topics, what a browser may
 * send, and every message the server sends back, each a discriminated union on `type`.
 *
 * `LiveEvent` is also what Dexter instances exchange over Redis pub/sub: the instance a socket is
 * connected to stamps each event with its own sequence number (`seq`) before sending it, and
 * names its numbering in `hello.stream`. A browser that reconnects subscribes again with
 * `since: {stream, seq}` of the last message it saw; the server replays what it still holds for
 * that topic, or answers `resync` (refetch everything) when it cannot prove nothing was missed.
 *
 * Invariants:
 * - `seq` only grows within one stream; a new process (or another instance) is a new stream;
 * - `issue.counts` carries deltas (events since the previous counts message), never totals;
 * - every subscription is checked against the subscriber's role when it is made.
 */
import {
  AlertFiredChangeSchema,
  DeployFlaggedChangeSchema,
  IssueCountsChangeSchema,
  IssueCreatedChangeSchema,
  IssueRegressedChangeSchema,
  IssueUpdatedChangeSchema,
  ReleaseChangedChangeSchema,
} from '@dexter/change-feed';
import { z } from 'zod';
import { BulkJobStateSchema } from './bulk-jobs';

const slug = '[A-Za-z0-9][A-Za-z0-9._-]{0,99}';
export const LiveTopicSchema = z
  .string()
  .max(250)
  .regex(
    new RegExp(`^(org:${slug}|project:${slug}/${slug}|issue:${slug}/\\d{1,20}|job:${slug}/\\d{1,20})$`),
    'org:<org>, project:<org>/<project>, issue:<org>/<id> or job:<org>/<id>',
  );
export type LiveTopic = z.infer<typeof LiveTopicSchema>;

/** Topic names, built one way in both apps. */
export const liveTopic = {
  org: (org: string) => `org:${org}`,
  project: (org: string, project: string) => `project:${org}/${project}`,
  issue: (org: string, issueId: string) => `issue:${org}/${issueId}`,
  job: (org: string, jobId: number | string) => `job:${org}/${jobId}`,
};

/** Where a reconnecting client left off: the stream it was on and the last `seq` it saw there. */
export const LiveSinceSchema = z.object({
  stream: z.string().min(1).max(64),
  seq: z.number().int().min(0),
});
export type LiveSince = z.infer<typeof LiveSinceSchema>;

/** Close code of a socket whose session or token has ended: the client stops reconnecting. */
export const LIVE_CLOSE_SIGNED_OUT = 4401;

export const LiveClientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribe'), topic: LiveTopicSchema, since: LiveSinceSchema.optional() }),
  z.object({ type: z.literal('unsubscribe'), topic: LiveTopicSchema }),
]);
export type LiveClientMessage = z.infer<typeof LiveClientMessageSchema>;

// --- Events: what sources publish, what instances exchange, what browsers receive (plus seq) ---

// What browsers see of a change-feed change: the same shapes, without what stays on the server
// (the new event's stack, whether Dexter made the change, the count read back after it).
export const IssueCreatedEventSchema = IssueCreatedChangeSchema.omit({ stack: true });
export const IssueRegressedEventSchema = IssueRegressedChangeSchema.omit({ stack: true });
export const IssueUpdatedEventSchema = IssueUpdatedChangeSchema.omit({ count: true, origin: true });
/** New events per issue since the previous counts message (batched, about 4 per second). */
export const IssueCountsEventSchema = IssueCountsChangeSchema;
export const AlertFiredEventSchema = AlertFiredChangeSchema;
/** A deploy the regression check flagged; to the organization's topic. */
export const DeployFlaggedEventSchema = DeployFlaggedChangeSchema;
/** A release, its deploys or commits written at the source; to the organization's topic. */
export const ReleaseChangedEventSchema = ReleaseChangedChangeSchema;
export const JobProgressEventSchema = z.object({
  type: z.literal('job.progress'),
  org: z.string(),
  jobId: z.number(),
  state: BulkJobStateSchema,
  total: z.number(),
  done: z.number(),
  failed: z.number(),
});
/** The upstream (Sentry, or the built-in store) failing fast or paused: data may be stale. */
export const UpstreamDegradedEventSchema = z.object({
  type: z.literal('upstream.degraded'),
  degraded: z.boolean(),
  reason: z.string().nullable(),
});

export const LiveEventSchema = z.discriminatedUnion('type', [
  IssueCreatedEventSchema,
  IssueRegressedEventSchema,
  IssueUpdatedEventSchema,
  IssueCountsEventSchema,
  AlertFiredEventSchema,
  DeployFlaggedEventSchema,
  ReleaseChangedEventSchema,
  JobProgressEventSchema,
  UpstreamDegradedEventSchema,
]);
export type LiveEvent = z.infer<typeof LiveEventSchema>;
export type LiveEventType = LiveEvent['type'];

// --- Server messages ---------------------------------------------------------------------------

const seq = z.number().int().min(0);

/**
 * Why the client must refetch instead of trusting its cache: it fell behind (`overflow`), asked
 * for more than the server still holds (`gap`), reconnected to another stream (`stream-changed`),
 * or events from other instances may have been lost while Redis was away (`bus-recovered`).
 */
export const LiveResyncReasonSchema = z.enum(['overflow', 'gap', 'stream-changed', 'bus-recovered']);
export type LiveResyncReason = z.infer<typeof LiveResyncReasonSchema>;

export const LiveServerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), stream: z.string(), seq, heartbeatMs: z.number() }),
  z.object({ type: z.literal('subscribed'), topic: z.string() }),
  z.object({ type: z.literal('unsubscribed'), topic: z.string() }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string(), topic: z.string().optional() }),
  /** `topic` null: every subscription. `seq`: resume from here after refetching. */
  z.object({ type: z.literal('resync'), seq, topic: z.string().nullable(), reason: LiveResyncReasonSchema }),
  IssueCreatedEventSchema.extend({ seq }),
  IssueRegressedEventSchema.extend({ seq }),
  IssueUpdatedEventSchema.extend({ seq }),
  IssueCountsEventSchema.extend({ seq }),
  AlertFiredEventSchema.extend({ seq }),
  DeployFlaggedEventSchema.extend({ seq }),
  ReleaseChangedEventSchema.extend({ seq }),
  JobProgressEventSchema.extend({ seq }),
  UpstreamDegradedEventSchema.extend({ seq }),
]);
export type LiveServerMessage = z.infer<typeof LiveServerMessageSchema>;
/** An event as a browser receives it. */
export type LiveEventMessage = Extract<LiveServerMessage, { type: LiveEventType }>;
