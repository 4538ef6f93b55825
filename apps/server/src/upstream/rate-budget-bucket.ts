/**
 * The rate budget's token bucket, as pure functions of `(state, now)` (the shape of @sentry/core's
 * rate limiting), plus the two places the bucket can live: this process or Redis (`BudgetBackend`).
 * `rate-budget-redis.ts` implements the same rules in Lua; keep the two in step.
 *
 * Invariants:
 * - tokens refill continuously at `ratePerSecond` up to `burst` (lowered to Sentry's
 *   `X-Sentry-Rate-Limit-Limit` when that is smaller);
 * - after Sentry says "N remaining until R", at most N calls start before R, however full the
 *   bucket is; a later answer never loosens a live window (answers arrive out of order);
 * - a pause (after a 429) lets nothing start before it ends.
 */
import type { RateLimitHeaders } from '@dexter/sentry-client';
import type { Clock } from './clock';

export interface BucketConfig {
  ratePerSecond: number;
  burst: number;
}

export interface SentryWindow {
  remaining: number;
  resetAt: number;
}

export interface BucketState {
  tokens: number;
  updatedAt: number;
  pausedUntil: number;
  /** Sentry's fixed window (`Remaining`/`Reset`): at most `remaining` more calls before `resetAt`. */
  window: SentryWindow | null;
  /** `X-Sentry-Rate-Limit-Limit`: a burst above Sentry's per-window limit would only earn 429s. */
  limit: number | null;
}

// Float refills can land a hair under a whole token at exactly the computed wake-up time.
const EPSILON = 1e-9;

export const initialBucket = (config: BucketConfig, now: number): BucketState => ({
  tokens: config.burst,
  updatedAt: now,
  pausedUntil: 0,
  window: null,
  limit: null,
});

const capacity = (config: BucketConfig, state: BucketState) =>
  Math.max(1, Math.min(config.burst, state.limit ?? Number.POSITIVE_INFINITY));

const liveWindow = (state: BucketState, now: number) =>
  state.window && state.window.resetAt > now ? state.window : null;

export function refill(state: BucketState, config: BucketConfig, now: number): BucketState {
  const elapsed = Math.max(0, now - state.updatedAt);
  const tokens = Math.min(capacity(config, state), state.tokens + (elapsed * config.ratePerSecond) / 1000);
  return { ...state, tokens, updatedAt: Math.max(now, state.updatedAt) };
}

/** Milliseconds until the pause and Sentry's window would let one call start (0: now). */
export function blockedFor(state: BucketState, now: number): number {
  if (state.pausedUntil > now) return state.pausedUntil - now;
  const window = liveWindow(state, now);
  return window && window.remaining < 1 ? window.resetAt - now : 0;
}

/** Takes `cost` tokens (capped at the bucket's size) and one call of Sentry's window, or says how long to wait. */
export function take(
  state: BucketState,
  config: BucketConfig,
  now: number,
  cost: number,
): { state: BucketState; waitMs: number } {
  const current = refill(state, config, now);
  const blocked = blockedFor(current, now);
  if (blocked > 0) return { state: current, waitMs: blocked };
  const need = Math.min(cost, capacity(config, current));
  if (current.tokens + EPSILON < need) {
    const waitMs = Math.max(1, Math.ceil(((need - current.tokens) * 1000) / config.ratePerSecond));
    return { state: current, waitMs };
  }
  const window = liveWindow(current, now);
  return {
    state: {
      ...current,
      tokens: Math.max(0, current.tokens - need),
      window: window && { ...window, remaining: window.remaining - 1 },
    },
    waitMs: 0,
  };
}

export function observe(state: BucketState, now: number, limits: RateLimitHeaders): BucketState {
  const next = limits.limit === undefined ? state : { ...state, limit: limits.limit };
  const { remaining, resetAt } = limits;
  if (remaining === undefined || resetAt === undefined || resetAt <= now) return next;
  const current = liveWindow(next, now);
  // Keep the tighter of two live windows: a stale answer, or another endpoint's more generous
  // limit, must never let more calls through than the strictest thing Sentry said.
  const tighter =
    !current ||
    remaining < current.remaining ||
    (remaining === current.remaining && resetAt > current.resetAt);
  return tighter ? { ...next, window: { remaining, resetAt } } : next;
}

export const pause = (state: BucketState, until: number): BucketState =>
  until > state.pausedUntil ? { ...state, pausedUntil: until } : state;

/** Where the tokens live: this process, or Redis shared by every instance. */
export interface BudgetBackend {
  /** Takes `cost` tokens and answers 0, or answers how many ms to wait before asking again. */
  take(cost: number): Promise<number>;
  /** Like `blockedFor`: ms until a pause or an exhausted Sentry window ends. Takes nothing. */
  blockedForMs(): Promise<number>;
  observe(limits: RateLimitHeaders): Promise<void>;
  pauseUntil(epochMs: number): Promise<void>;
}

export function createLocalBackend(clock: Pick<Clock, 'now'>, config: BucketConfig) {
  let state = initialBucket(config, clock.now());
  return {
    async take(cost: number) {
      const result = take(state, config, clock.now(), cost);
      state = result.state;
      return result.waitMs;
    },
    blockedForMs: async () => blockedFor(state, clock.now()),
    async observe(limits: RateLimitHeaders) {
      state = observe(state, clock.now(), limits);
    },
    async pauseUntil(epochMs: number) {
      state = pause(state, epochMs);
    },
    state: () => refill(state, config, clock.now()),
  } satisfies BudgetBackend & Record<string, unknown>;
}

/**
 * Redis first; when it fails, this process's own bucket, so a Redis outage slows Dexter to one
 * instance's share of the budget instead of stopping every Sentry call. The local bucket also
 * sees every header and pause, so it takes over already corrected.
 */
export function withLocalFallback(
  shared: BudgetBackend,
  local: BudgetBackend,
  onError: (error: unknown) => void,
): BudgetBackend {
  const fallback = <T>(run: (backend: BudgetBackend) => Promise<T>) =>
    run(shared).catch((error: unknown) => {
      onError(error);
      return run(local);
    });
  return {
    take: (cost) => fallback((backend) => backend.take(cost)),
    blockedForMs: () => fallback((backend) => backend.blockedForMs()),
    observe(limits) {
      const done = shared.observe(limits);
      void local.observe(limits);
      return done.catch(onError);
    },
    pauseUntil(epochMs) {
      const done = shared.pauseUntil(epochMs);
      void local.pauseUntil(epochMs);
      return done.catch(onError);
    },
  };
}
