/**
 * What Dexter's release pages show around a release: its timeline of events with deploy markers,
 * one issue's events by release, and a release's insights (new, regressed and resolved issues,
 * commits, health over time, the previous release side by side).
 *
 * Each insight section is answered on its own: an upstream that lacks an endpoint (the built-in
 * store before it grew one, an older self-hosted Sentry) makes that section `available: false`
 * with a reason, never the whole page an error.
 */
import { z } from 'zod';
import { IssueSchema } from './issues';
import { ReleaseVersionSchema } from './releases';

const isoDate = z.iso.datetime({ offset: true });
const projectIds = z
  .union([z.string().regex(/^\d{1,15}$/), z.array(z.string().regex(/^\d{1,15}$/)).max(100)])
  .optional();
const environments = z
  .union([z.string().min(1).max(64), z.array(z.string().min(1).max(64)).max(20)])
  .optional();

export const TIMELINE_PERIODS = ['24h', '7d', '14d', '30d', '90d'] as const;
export const TimelinePeriodSchema = z.enum(TIMELINE_PERIODS);
export type TimelinePeriod = z.infer<typeof TimelinePeriodSchema>;

export const ReleaseTimelineQuerySchema = z.object({
  /** The range ending now; `14d` when neither it nor `start`/`end` is given. */
  statsPeriod: TimelinePeriodSchema.optional(),
  start: isoDate.optional(),
  end: isoDate.optional(),
  groupBy: z.enum(['release', 'environment']).optional(),
  environment: environments,
  project: projectIds,
});
export type ReleaseTimelineQuery = z.infer<typeof ReleaseTimelineQuerySchema>;

export const TimelineSeriesSchema = z.object({
  /** The release or environment; `Other` for the events outside the top groups. */
  name: z.string(),
  isOther: z.boolean(),
  /** One count per bucket of `buckets`. */
  counts: z.array(z.number()),
});
export type TimelineSeries = z.infer<typeof TimelineSeriesSchema>;

export const TimelineDeploySchema = z.object({
  /** `<release>#<deploy id>`: stable, unique within the organization. */
  key: z.string(),
  id: z.string().nullable(),
  release: z.string(),
  environment: z.string().nullable(),
  name: z.string().nullable(),
  url: z.string().nullable(),
  dateStarted: z.string().nullable(),
  dateFinished: z.string(),
  projects: z.array(z.string()),
});
export type TimelineDeploy = z.infer<typeof TimelineDeploySchema>;

export const ReleaseTimelineSchema = z.object({
  start: z.string(),
  end: z.string(),
  /** Seconds per bucket. */
  interval: z.number(),
  groupBy: z.enum(['release', 'environment']),
  /** Start of each bucket, epoch ms. */
  buckets: z.array(z.number()),
  series: z.array(TimelineSeriesSchema),
  deploys: z.array(TimelineDeploySchema),
  /** Some releases' deploys were not read (more releases than Dexter scans per request). */
  deploysTruncated: z.boolean(),
});
export type ReleaseTimeline = z.infer<typeof ReleaseTimelineSchema>;

export const IssueTimelineQuerySchema = z.object({ statsPeriod: TimelinePeriodSchema.optional() });
export type IssueTimelineQuery = z.infer<typeof IssueTimelineQuerySchema>;

export const IssueTimelineSchema = ReleaseTimelineSchema.pick({
  start: true,
  end: true,
  interval: true,
  buckets: true,
  series: true,
});
export type IssueTimeline = z.infer<typeof IssueTimelineSchema>;

const unavailable = z.object({ available: z.literal(false), reason: z.string() });
const section = <T extends z.ZodType>(data: T) =>
  z.discriminatedUnion('available', [z.object({ available: z.literal(true), data }), unavailable]);

export const ReleaseCommitSchema = z.object({
  id: z.string(),
  message: z.string().nullable(),
  dateCreated: z.string().nullable(),
  author: z.object({ name: z.string().nullable(), email: z.string().nullable() }).nullable(),
  repository: z.string().nullable(),
});
export type ReleaseCommit = z.infer<typeof ReleaseCommitSchema>;

export const ReleaseIssuesSchema = z.object({
  issues: z.array(IssueSchema),
  /** All matches upstream when it counts them; null when it does not say. */
  total: z.number().nullable(),
});
export type ReleaseIssues = z.infer<typeof ReleaseIssuesSchema>;

export const HealthSeriesSchema = z.object({
  /** Start of each interval, ISO. */
  intervals: z.array(z.string()),
  sessions: z.array(z.number()),
  /** 0–100 per interval; null without sessions. */
  crashFreeSessions: z.array(z.number().nullable()),
  totals: z.object({ sessions: z.number(), crashFreeSessions: z.number().nullable() }),
});
export type HealthSeries = z.infer<typeof HealthSeriesSchema>;

/** Figures that make two releases comparable: the same first day after each was created. */
export const ReleaseFiguresSchema = z.object({
  version: z.string(),
  dateCreated: z.string().nullable(),
  /** Error events in the first 24 hours (or since creation, when younger). */
  eventsFirstDay: z.number().nullable(),
  newIssues: z.number(),
  /** Percent over the last 14 days; null without sessions. */
  crashFreeSessions: z.number().nullable(),
  sessions: z.number().nullable(),
});
export type ReleaseFigures = z.infer<typeof ReleaseFiguresSchema>;

export const ReleaseInsightsSchema = z.object({
  newIssues: section(ReleaseIssuesSchema),
  regressedIssues: section(ReleaseIssuesSchema),
  resolvedIssues: section(ReleaseIssuesSchema),
  commits: section(z.array(ReleaseCommitSchema)),
  health: section(HealthSeriesSchema),
  comparison: section(z.object({ current: ReleaseFiguresSchema, previous: ReleaseFiguresSchema.nullable() })),
});
export type ReleaseInsights = z.infer<typeof ReleaseInsightsSchema>;
export type InsightSection<T> = { available: true; data: T } | { available: false; reason: string };

export const ReleaseInsightsParamsSchema = z.object({
  org: z.string().min(1).max(100),
  version: ReleaseVersionSchema,
});
