/**
 * Smart grouping over Dexter's API: similar issues of one issue (with a calibrated confidence and
 * the frames that aligned), clusters of likely duplicates across projects, people's verdicts on a
 * pair ("same bug" / "not the same"), bulk actions on a cluster, and the index rebuild.
 *
 * Invariants: a confidence is a probability in [0, 1]; a pinned pair ("same bug" said by someone)
 * has confidence 1 and level `confirmed`; frames are the engine's normalized frames, TOP of the
 * stack first (the reverse of Sentry's order), and `alignedFrames` index into them.
 */
import { z } from 'zod';
import { IssueSchema, SentryIssueIdSchema } from './issues';

const Probability = z.number().min(0).max(1);

/** `confirmed`: someone said "same bug"; `likely`: at or above the attach threshold; else `possible`. */
export const MatchLevelSchema = z.enum(['confirmed', 'likely', 'possible']);
export type MatchLevel = z.infer<typeof MatchLevelSchema>;

export const SimilarityVerdictSchema = z.enum(['same', 'different']);
export type SimilarityVerdict = z.infer<typeof SimilarityVerdictSchema>;

/** One normalized frame; line numbers are for display only and never decide identity. */
export const SimilarityFrameSchema = z.object({
  function: z.string().nullable(),
  module: z.string().nullable(),
  file: z.string().nullable(),
  line: z.number().nullable(),
  inApp: z.boolean().nullable(),
});
export type SimilarityFrame = z.infer<typeof SimilarityFrameSchema>;

export const SimilarStackSchema = z.object({
  exceptionType: z.string().nullable(),
  message: z.string().nullable(),
  frames: z.array(SimilarityFrameSchema),
});
export type SimilarStack = z.infer<typeof SimilarStackSchema>;

export const AlignedFrameSchema = z.object({
  /** Index into the queried issue's frames. */
  query: z.number().int().min(0),
  /** Index into the similar issue's frames. */
  candidate: z.number().int().min(0),
  /** The shared frame identity, e.g. `orderTotal`. */
  key: z.string(),
});
export type AlignedFrame = z.infer<typeof AlignedFrameSchema>;

/** Each in [0, 1]; 1 means identical in that respect. */
export const SimilarityFeaturesSchema = z.object({
  frames: Probability,
  frameSet: Probability,
  type: Probability,
  message: Probability,
  recency: Probability,
});
export type SimilarityFeatures = z.infer<typeof SimilarityFeaturesSchema>;

export const FeedbackRecordSchema = z.object({
  verdict: SimilarityVerdictSchema,
  /** Display name of who said so; "a former user" when the account is gone. */
  userName: z.string(),
  createdAt: z.string(),
});
export type FeedbackRecord = z.infer<typeof FeedbackRecordSchema>;

export const SimilarIssueSchema = z.object({
  issue: IssueSchema,
  confidence: Probability,
  /** The engine's similarity in [0, 1], before calibration. */
  score: Probability,
  level: MatchLevelSchema,
  features: SimilarityFeaturesSchema,
  alignedFrames: z.array(AlignedFrameSchema),
  stack: SimilarStackSchema,
  /** A "same bug" verdict on this pair; "not the same" pairs are never listed. */
  feedback: FeedbackRecordSchema.nullable(),
  /** Both issues are in one project, so Sentry can merge them. */
  mergeable: z.boolean(),
});
export type SimilarIssue = z.infer<typeof SimilarIssueSchema>;

export const SimilarIssuesSchema = z.object({
  issueId: z.string(),
  /** Matches below this confidence are not shown. */
  threshold: Probability,
  stack: SimilarStackSchema,
  matches: z.array(SimilarIssueSchema),
});
export type SimilarIssues = z.infer<typeof SimilarIssuesSchema>;

/**
 * One link that holds a cluster together: a pair of its issues and the pair's confidence, the same
 * number the issue page shows for that pair (or 1 with `confirmed` level when someone said "same bug").
 */
export const ClusterLinkSchema = z.object({
  issueA: z.string(),
  issueB: z.string(),
  confidence: Probability,
  level: MatchLevelSchema,
});
export type ClusterLink = z.infer<typeof ClusterLinkSchema>;

export const IssueClusterSchema = z.object({
  /** The smallest member issue id: stable while that issue stays in the cluster. */
  id: z.string(),
  /** Its weakest link: every member reaches every other through links at least this likely. */
  confidence: Probability,
  /** The links that join the members (a spanning tree, members − 1 of them), weakest first. */
  links: z.array(ClusterLinkSchema),
  level: MatchLevelSchema,
  /** Most events first. */
  members: z.array(IssueSchema),
  projects: z.array(z.string()),
  totalEvents: z.number(),
  /** Sum of the members' user counts: an upper bound, a user may be counted in several issues. */
  totalUsers: z.number(),
  /** Who pinned pairs of this cluster together ("same bug"). */
  confirmedBy: z.array(z.string()),
});
export type IssueCluster = z.infer<typeof IssueClusterSchema>;

export const IssueClusterListSchema = z.object({
  threshold: Probability,
  /** The organization's index is being built: clusters may be missing until it is done. */
  indexing: z.boolean(),
  /** Issues the index holds for this organization, and how many of them are open. */
  indexedIssues: z.number(),
  openIssues: z.number(),
  /** Ranked by total events, then total users. */
  clusters: z.array(IssueClusterSchema),
});
export type IssueClusterList = z.infer<typeof IssueClusterListSchema>;

export const SimilarityFeedbackInputSchema = z
  .object({ issueA: SentryIssueIdSchema, issueB: SentryIssueIdSchema, verdict: SimilarityVerdictSchema })
  .refine((input) => input.issueA !== input.issueB, {
    message: 'a verdict needs two different issues',
    path: ['issueB'],
  });
export type SimilarityFeedbackInput = z.infer<typeof SimilarityFeedbackInputSchema>;

export const SimilarityFeedbackSchema = FeedbackRecordSchema.extend({
  issueA: z.string(),
  issueB: z.string(),
});
export type SimilarityFeedback = z.infer<typeof SimilarityFeedbackSchema>;

export const SimilarityActionSchema = z.enum(['merge', 'resolve']);
export type SimilarityAction = z.infer<typeof SimilarityActionSchema>;

/** A bulk action over a cluster's (or a pair's) issues; merges happen per project. */
export const SimilarityActionInputSchema = z.object({
  action: SimilarityActionSchema,
  issueIds: z.array(SentryIssueIdSchema).min(1).max(100),
});
export type SimilarityActionInput = z.infer<typeof SimilarityActionInputSchema>;

export const SimilarityActionResultSchema = z.object({
  action: SimilarityActionSchema,
  results: z.array(
    z.object({
      project: z.string(),
      issueIds: z.array(z.string()),
      outcome: z.enum(['done', 'skipped', 'failed']),
      /** Why it was skipped or failed. */
      message: z.string().nullable(),
      /** The issue the others were merged into. */
      parentId: z.string().nullable(),
    }),
  ),
});
export type SimilarityActionResult = z.infer<typeof SimilarityActionResultSchema>;

export const SimilarityRebuildSchema = z.object({
  indexedIssues: z.number(),
  tookMs: z.number(),
});
export type SimilarityRebuild = z.infer<typeof SimilarityRebuildSchema>;
