/**
 * Retries Sentry calls that failed for a reason that can go away by itself.
 *
 * Invariants:
 * - only operations the operation table marks `idempotent:` are ever sent twice; a mutation is
 *   sent exactly once, even after a 503 or a connection reset (it may have been applied);
 * - only retryable failures are retried (network, 5xx, 429: `SentryUpstreamError.retryable`);
 *   any other 4xx, a bad response or an open breaker surfaces at once;
 * - backoff is exponential with full jitter, `random() * min(maxDelayMs, baseDelayMs * 2^n)` for
 *   the n-th retry (0-based), so many clients retrying together spread out;
 * - a 429 waits until Sentry's `X-Sentry-Rate-Limit-Reset` instead (Sentry sends no Retry-After)
 *   and first tells the rate budget to pause everyone until then; a reset further away than
 *   `maxRateLimitWaitMs` is not waited for: the 429 surfaces;
 * - the request's AbortSignal cuts any wait short; the abort reason is what the caller gets.
 */
import { SentryRateLimitError, SentryUpstreamError, type UpstreamRequest } from '@dexter/sentry-client';
import type { Clock } from './clock';
import type { Stage } from './stage';

export interface RetryInfo {
  request: UpstreamRequest;
  /** The attempt that failed, from 1. */
  attempt: number;
  delayMs: number;
  error: SentryUpstreamError;
}

export interface RetryStageOptions {
  clock: Clock;
  isIdempotent(operation: string): boolean;
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** In [0, 1); injectable for tests. */
  random?: () => number;
  onRetry?: (info: RetryInfo) => void;
  /** The rate budget: paused on a 429, and waited for before any retry. */
  rateLimit?: {
    pauseUntil(epochMs: number): void;
    waitUntilOpen?(signal?: AbortSignal): Promise<void>;
  };
  /** Longest wait for a 429's reset; default 60 s. */
  maxRateLimitWaitMs?: number;
}

export function backoffDelay(retry: number, baseDelayMs: number, maxDelayMs: number, random: () => number) {
  return Math.floor(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** retry));
}

const isRetryable = (error: unknown): error is SentryUpstreamError =>
  error instanceof SentryUpstreamError && error.retryable;

export function createRetryStage(options: RetryStageOptions): Stage {
  const { clock, isIdempotent, maxAttempts, baseDelayMs, maxDelayMs, onRetry, rateLimit } = options;
  const random = options.random ?? Math.random;
  const maxRateLimitWaitMs = options.maxRateLimitWaitMs ?? 60_000;

  // How long to wait before retrying `error`, or null when it must surface now.
  function delayBefore(error: SentryUpstreamError, retry: number): number | null {
    if (!(error instanceof SentryRateLimitError)) return backoffDelay(retry, baseDelayMs, maxDelayMs, random);
    const now = clock.now();
    const until = error.resetAt ?? now + backoffDelay(retry, baseDelayMs, maxDelayMs, random);
    if (until - now > maxRateLimitWaitMs) return null;
    rateLimit?.pauseUntil(until);
    return Math.max(0, until - now);
  }

  return (next) => async (req) => {
    if (!isIdempotent(req.operation)) return next(req);
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await next(req);
      } catch (error) {
        if (attempt >= maxAttempts || req.signal?.aborted || !isRetryable(error)) throw error;
        const delayMs = delayBefore(error, attempt - 1);
        if (delayMs === null) throw error;
        onRetry?.({ request: req, attempt, delayMs, error });
        await clock.sleep(delayMs, req.signal);
        // Another request may have hit a 429 meanwhile: retrying into the pause only earns another.
        await rateLimit?.waitUntilOpen?.(req.signal);
      }
    }
  };
}
