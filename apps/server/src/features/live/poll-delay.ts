/**
 * How long the companion-mode poller waits before its next call, from the rate budget's state
 * (`upstream.pipeline.budget.snapshot()`). Polling is background work: it takes what people
 * leave. A pure function of the snapshot and the time, so the policy is tested without a clock.
 *
 * - paused after a 429: wait out the pause, then one base interval;
 * - Sentry's window nearly spent (`remaining` at most `reserve`): wait for its reset;
 * - otherwise the base interval, stretched x2 when the bucket is below half or background work
 *   is already queued, x4 when below a quarter or interactive requests are waiting;
 * - never longer than `maxMs`.
 */
import type { RateBudgetSnapshot } from '../../upstream/rate-budget';

export interface PollDelayInput {
  baseMs: number;
  maxMs: number;
  /** The bucket's size (`DEXTER_UPSTREAM_BURST`), to read `tokens` as a share. */
  burst: number;
  snapshot: RateBudgetSnapshot;
  now: number;
  /** Calls left in Sentry's window below which the poller leaves the rest to people. */
  reserve?: number;
}

export interface PollDelay {
  delayMs: number;
  reason: 'normal' | 'paused' | 'window' | 'low-budget' | 'busy';
}

export function nextPollDelay({
  baseMs,
  maxMs,
  burst,
  snapshot,
  now,
  reserve = 10,
}: PollDelayInput): PollDelay {
  const cap = (delayMs: number, reason: PollDelay['reason']): PollDelay => ({
    delayMs: Math.min(maxMs, Math.max(baseMs, Math.ceil(delayMs))),
    reason,
  });
  if (snapshot.pausedUntil !== null) return cap(snapshot.pausedUntil - now + baseMs, 'paused');
  if (snapshot.window && snapshot.window.remaining <= reserve) {
    return cap(snapshot.window.resetAt - now + baseMs / 10, 'window');
  }
  const share = snapshot.tokens === null ? 1 : snapshot.tokens / Math.max(1, burst);
  if (snapshot.waiting.interactive > 0) return cap(baseMs * 4, 'busy');
  if (share < 0.25) return cap(baseMs * 4, 'low-budget');
  if (share < 0.5) return cap(baseMs * 2, 'low-budget');
  if (snapshot.waiting.background > 0) return cap(baseMs * 2, 'busy');
  return cap(baseMs, 'normal');
}
