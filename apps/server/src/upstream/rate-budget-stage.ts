/**
 * Puts every Sentry call through the rate budget: a permit before the call, released after it,
 * and the budget corrected by what Sentry says about its limits on every answer.
 *
 * Invariants:
 * - the permit is held for the whole call below (breaker, retries, undici) and released exactly
 *   once, whatever happens, including an abort while waiting (then no permit was taken);
 * - every answer teaches the budget: the headers of a 2xx, and the `rateLimit` of a
 *   `SentryApiError` (Sentry sends the headers on errors and on the 429 itself);
 * - a 429 pauses the whole budget until Sentry's reset, or for 60 s when it did not say (the
 *   default Sentry documents for a 429 without limits), so other requests stop spending calls.
 */
import { SentryApiError, SentryRateLimitError } from '@dexter/sentry-client';
import type { Clock } from './clock';
import type { RateBudget } from './rate-budget';
import type { Stage } from './stage';

export const DEFAULT_RATE_LIMIT_PAUSE_MS = 60_000;

export interface RateBudgetStageOptions {
  budget: Pick<RateBudget, 'acquire' | 'observe' | 'observeLimits' | 'pauseUntil'>;
  /** The operation's `cost:` from the operation table. */
  costOf(operation: string): number;
  /** For the fallback pause when a 429 has no reset; defaults to wall-clock time. */
  clock?: Pick<Clock, 'now'>;
}

export function createRateBudgetStage({ budget, costOf, clock }: RateBudgetStageOptions): Stage {
  const now = () => (clock ? clock.now() : Date.now());
  return (next) => async (req) => {
    const permit = await budget.acquire({
      priority: req.priority ?? 'interactive',
      cost: costOf(req.operation),
      signal: req.signal,
    });
    try {
      const res = await next(req);
      budget.observe(res.headers);
      return res;
    } catch (error) {
      if (error instanceof SentryApiError) budget.observeLimits(error.rateLimit);
      if (error instanceof SentryRateLimitError) {
        budget.pauseUntil(error.resetAt ?? now() + DEFAULT_RATE_LIMIT_PAUSE_MS);
      }
      throw error;
    } finally {
      permit.release();
    }
  };
}
