/**
 * Regression notices of deploys: after each deploy, the error rate and the count of new issues in
 * a window after it are compared with the window before (a conditional binomial test on two
 * Poisson rates). One evaluation per deploy; `flagged` ones are "this deploy looks bad" notices.
 */
import { z } from 'zod';

export const RateComparisonSchema = z.object({
  before: z.number(),
  after: z.number(),
  /** Per minute. */
  rateBefore: z.number(),
  rateAfter: z.number(),
  /** after-rate / before-rate; null when both are zero, Infinity is sent as null too. */
  ratio: z.number().nullable(),
  /** One-sided exact p-value of "after is higher". */
  pValue: z.number(),
  flagged: z.boolean(),
});
export type RateComparison = z.infer<typeof RateComparisonSchema>;

export const DeployNoticeSchema = z.object({
  /** Same key as the timeline's deploy: `<release>#<deploy id>`. */
  deployKey: z.string(),
  release: z.string(),
  environment: z.string().nullable(),
  projects: z.array(z.string()),
  dateFinished: z.string(),
  windowMinutes: z.number(),
  errors: RateComparisonSchema,
  newIssues: RateComparisonSchema,
  flagged: z.boolean(),
  /** One line a person reads ("error rate 2.1× (p = 0.0003)"). */
  summary: z.string(),
  evaluatedAt: z.string(),
});
export type DeployNotice = z.infer<typeof DeployNoticeSchema>;

export const DeployNoticeQuerySchema = z.object({
  release: z.string().min(1).max(200).optional(),
  /** Only notices of deploys finished at or after this time. */
  since: z.iso.datetime({ offset: true }).optional(),
  flagged: z.enum(['true', 'false']).optional(),
});
export type DeployNoticeQuery = z.infer<typeof DeployNoticeQuerySchema>;

export const DeployNoticeListSchema = z.object({ items: z.array(DeployNoticeSchema) });
export type DeployNoticeList = z.infer<typeof DeployNoticeListSchema>;

export const DeployCheckResultSchema = z.object({
  evaluated: z.number(),
  flagged: z.number(),
  /** Deploys whose window has not closed yet. */
  pending: z.number(),
});
export type DeployCheckResult = z.infer<typeof DeployCheckResultSchema>;
