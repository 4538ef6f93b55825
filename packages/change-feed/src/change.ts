/**
 * What travels on the change feed: news about an issue, its events or an alert, told the same way
 * by every source (the built-in store's write path, Sentry's webhooks, the poller, Dexter's own
 * mutations). Subscribers never learn which source spoke, only what changed.
 *
 * Defined with zod because changes cross instances (Redis pub/sub): a message from another
 * process is parsed before anyone sees it.
 *
 * Invariants: `issue.counts` carries deltas, never totals; `stack` is present only where the
 * source has the new event's exception chain at hand (the store), and is dropped before a change
 * crosses to another instance.
 */
import { z } from 'zod';

const issueRef = {
  org: z.string(),
  /** Project slug; null when the source does not say (e.g. Sentry's `error` webhook). */
  project: z.string().nullable(),
  issueId: z.string(),
};

/** One frame of a stack signature, in Web API shape (camelCase), reduced to what identifies it. */
export const SignatureFrameSchema = z.object({
  filename: z.string().nullable(),
  absPath: z.string().nullable(),
  module: z.string().nullable(),
  function: z.string().nullable(),
  lineNo: z.number().nullable(),
  inApp: z.boolean().nullable(),
});
export type SignatureFrame = z.infer<typeof SignatureFrameSchema>;

export const SignatureExceptionSchema = z.object({
  type: z.string().nullable(),
  value: z.string().nullable(),
  stacktrace: z.object({ frames: z.array(SignatureFrameSchema) }).nullable(),
});
export type SignatureException = z.infer<typeof SignatureExceptionSchema>;

/** The outermost exception and the root cause (root first), or null without an exception. */
export type StackSignature = SignatureException[];

const headline = {
  ...issueRef,
  title: z.string(),
  shortId: z.string().nullable(),
  level: z.string().nullable(),
  /** The event that created or reopened the issue, when known. */
  eventId: z.string().nullable(),
  stack: z.array(SignatureExceptionSchema).nullable().optional(),
};

export const IssueCreatedChangeSchema = z.object({ type: z.literal('issue.created'), ...headline });
export const IssueRegressedChangeSchema = z.object({ type: z.literal('issue.regressed'), ...headline });
export const IssueUpdatedChangeSchema = z.object({
  type: z.literal('issue.updated'),
  ...issueRef,
  /** What happened: `resolved`, `unresolved`, `ignored`, `assigned`… */
  action: z.string(),
  status: z.string().nullable(),
  /** The issue's event count after the change, when the source read it back. */
  count: z.number().nullable().optional(),
  /**
   * `dexter`: made through Dexter, whose mutation already invalidated what it made stale;
   * `upstream`: seen at the source (a webhook, the poller).
   */
  origin: z.enum(['dexter', 'upstream']),
});
export const IssueCountsChangeSchema = z.object({
  type: z.literal('issue.counts'),
  org: z.string(),
  /** New events per issue since the source's previous report. */
  counts: z
    .array(z.object({ issueId: z.string(), project: z.string().nullable(), events: z.number().int().min(1) }))
    .max(10_000),
});
export const AlertFiredChangeSchema = z.object({
  type: z.literal('alert.fired'),
  org: z.string(),
  kind: z.enum(['issue', 'metric']),
  title: z.string(),
  /** Metric alerts: `critical`, `warning`, `resolved`; null for issue alerts. */
  status: z.string().nullable(),
  issueId: z.string().nullable(),
  /** The rule that fired, when the source names it (chat routes by alert rule). */
  ruleId: z.string().nullable().optional(),
});

/** A deploy whose error rate or new issues rose significantly after it ("this deploy looks bad"). */
export const DeployFlaggedChangeSchema = z.object({
  type: z.literal('deploy.flagged'),
  org: z.string(),
  deployKey: z.string(),
  release: z.string(),
  environment: z.string().nullable(),
  /** Project slugs of the release. */
  projects: z.array(z.string()),
  dateFinished: z.string(),
  /** Errors per minute in the window before and after the deploy. */
  rateBefore: z.number(),
  rateAfter: z.number(),
  pValue: z.number(),
  summary: z.string(),
});

/**
 * A release, its deploys or its commits were written at the source (the built-in store's
 * `/api/0`, as `sentry-cli` writes them): what Dexter read of the organization's releases is stale.
 */
export const ReleaseChangedChangeSchema = z.object({
  type: z.literal('release.changed'),
  org: z.string(),
  version: z.string(),
});

export const ChangeSchema = z.discriminatedUnion('type', [
  IssueCreatedChangeSchema,
  IssueRegressedChangeSchema,
  IssueUpdatedChangeSchema,
  IssueCountsChangeSchema,
  AlertFiredChangeSchema,
  DeployFlaggedChangeSchema,
  ReleaseChangedChangeSchema,
]);
export type Change = z.infer<typeof ChangeSchema>;
export type ChangeType = Change['type'];
export type ChangeOf<T extends ChangeType> = Extract<Change, { type: T }>;
export const CHANGE_TYPES = ChangeSchema.options.map((option) => option.shape.type.value) as ChangeType[];
