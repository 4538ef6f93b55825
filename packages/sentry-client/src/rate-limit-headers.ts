/**
 * Reads Sentry's `X-Sentry-Rate-Limit-*` response headers (set by `RatelimitMiddleware` on every
 * sentry.io response, including the 429 itself).
 *
 * The rate budget corrects its token bucket from these. Invariants:
 * - every field is optional: self-hosted Sentry skips the limiter and sends none of them, and a
 *   garbled value (negative, fractional, not a number) is dropped rather than guessed;
 * - `resetAt` is converted from Sentry's epoch seconds to epoch milliseconds, the unit of
 *   `Date.now()` and of every injected clock in Dexter.
 */

export interface RateLimitHeaders {
  limit?: number;
  remaining?: number;
  /** Epoch milliseconds at which the fixed window resets. */
  resetAt?: number;
  concurrentLimit?: number;
  concurrentRemaining?: number;
}

/** `headers` must have lower-case keys, as `UpstreamResponse.headers` does. */
export function parseRateLimitHeaders(headers: Readonly<Record<string, string>>): RateLimitHeaders {
  const result: RateLimitHeaders = {};
  const limit = count(headers['x-sentry-rate-limit-limit']);
  const remaining = count(headers['x-sentry-rate-limit-remaining']);
  const reset = count(headers['x-sentry-rate-limit-reset']);
  const concurrentLimit = count(headers['x-sentry-rate-limit-concurrentlimit']);
  const concurrentRemaining = count(headers['x-sentry-rate-limit-concurrentremaining']);
  if (limit !== undefined) result.limit = limit;
  if (remaining !== undefined) result.remaining = remaining;
  if (reset !== undefined) result.resetAt = reset * 1000;
  if (concurrentLimit !== undefined) result.concurrentLimit = concurrentLimit;
  if (concurrentRemaining !== undefined) result.concurrentRemaining = concurrentRemaining;
  return result;
}

function count(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return undefined;
  const parsed = Number(value);
  return Number.isSafeInteger(parsed) ? parsed : undefined;
}
