/**
 * Insights patterns (`GET /api/v1/organizations/{org}/insights/patterns`): spikes against a
 * seasonal baseline, periodic (cron-like) issues and issues across projects that start and stop
 * together, over the most frequent issues of the selected projects. Times are ISO 8601.
 */
import { z } from 'zod';

export const PatternIssueSchema = z.object({
  id: z.string(),
  shortId: z.string(),
  title: z.string(),
  project: z.object({ id: z.string(), slug: z.string() }),
});
export type PatternIssue = z.infer<typeof PatternIssueSchema>;

export const SpikePatternSchema = z.object({
  issue: PatternIssueSchema,
  /** Start of the peak hour. */
  at: z.string(),
  count: z.number(),
  /** Events the seasonal baseline expected in that hour. */
  expected: z.number(),
  /** Standard deviations above the expectation. */
  score: z.number(),
  hours: z.number(),
});

export const PeriodicPatternSchema = z.object({
  issue: PatternIssueSchema,
  period: z.enum(['daily', 'hourly']),
  /** Minutes after midnight UTC (daily) or after the full hour (hourly). */
  phaseMinutes: z.number(),
  /** Mean resultant length of the event phases, 0–1. */
  concentration: z.number(),
  /** Days or hours with events. */
  cycles: z.number(),
});

export const ReleaseMarkerSchema = z.object({
  version: z.string(),
  kind: z.enum(['release', 'deploy']),
  environment: z.string().nullable(),
  at: z.string(),
  /** Minutes from the group's start to the marker (negative: before it). */
  offsetMinutes: z.number(),
});

export const CoOccurrencePatternSchema = z.object({
  issues: z.array(PatternIssueSchema),
  start: z.string(),
  end: z.string(),
  /** Weakest pairwise Jaccard similarity of the active hours. */
  similarity: z.number(),
  stopped: z.boolean(),
  nearestRelease: ReleaseMarkerSchema.nullable(),
});

export const PatternsQuerySchema = z.object({
  /** Project ids; none = every project. */
  project: z
    .union([z.string().regex(/^\d{1,20}$/), z.array(z.string().regex(/^\d{1,20}$/)).max(100)])
    .optional(),
  environment: z.union([z.string().max(200), z.array(z.string().max(200)).max(20)]).optional(),
});

export const PatternsSchema = z.object({
  /** The hourly window the detectors read. */
  window: z.object({ start: z.string(), end: z.string() }),
  /** Issues whose series were read (the most frequent of the selection, plus partners elsewhere). */
  issuesConsidered: z.number(),
  spikes: z.array(SpikePatternSchema),
  periodic: z.array(PeriodicPatternSchema),
  coOccurrences: z.array(CoOccurrencePatternSchema),
});
export type Patterns = z.infer<typeof PatternsSchema>;
export type SpikePattern = z.infer<typeof SpikePatternSchema>;
export type PeriodicPattern = z.infer<typeof PeriodicPatternSchema>;
export type CoOccurrencePattern = z.infer<typeof CoOccurrencePatternSchema>;
