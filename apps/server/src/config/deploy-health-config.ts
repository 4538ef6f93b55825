/**
 * Configuration of the after-deploy regression check (features/deploy-health): the window
 * compared before and after each deploy, the test's significance level and the practical
 * thresholds a regression must also pass, and how often the check runs.
 */
import { z } from 'zod';

export const DeployHealthEnvSchema = z.object({
  /** Minutes compared on each side of a deploy; a deploy is checked once this long has passed. */
  DEXTER_DEPLOY_WINDOW_MINUTES: z.coerce.number().int().min(1).max(1_440).default(60),
  /** Significance level of the one-sided conditional binomial test. */
  DEXTER_DEPLOY_ALPHA: z.coerce.number().gt(0).max(0.5).default(0.01),
  /** Minimum after/before rate ratio. */
  DEXTER_DEPLOY_MIN_RATIO: z.coerce.number().min(1).max(1_000).default(1.5),
  /** Minimum events (or new issues) after the deploy. */
  DEXTER_DEPLOY_MIN_EVENTS: z.coerce.number().int().min(1).max(1_000_000).default(10),
  /** How often the check looks for deploys whose window has closed; 0 turns the schedule off. */
  DEXTER_DEPLOY_CHECK_MS: z.coerce
    .number()
    .int()
    .refine((ms) => ms === 0 || (ms >= 1_000 && ms <= 86_400_000), '0 (off) or 1000–86400000 ms')
    .default(300_000),
  /** Deploys finished longer ago than this are not checked (a first start on an old history). */
  DEXTER_DEPLOY_LOOKBACK_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(72),
});

export interface DeployHealthConfig {
  windowMs: number;
  alpha: number;
  minRatio: number;
  minAfter: number;
  checkMs: number;
  lookbackMs: number;
}

export const deployHealthConfigFrom = (env: z.infer<typeof DeployHealthEnvSchema>): DeployHealthConfig => ({
  windowMs: env.DEXTER_DEPLOY_WINDOW_MINUTES * 60_000,
  alpha: env.DEXTER_DEPLOY_ALPHA,
  minRatio: env.DEXTER_DEPLOY_MIN_RATIO,
  minAfter: env.DEXTER_DEPLOY_MIN_EVENTS,
  checkMs: env.DEXTER_DEPLOY_CHECK_MS,
  lookbackMs: env.DEXTER_DEPLOY_LOOKBACK_HOURS * 3_600_000,
});
