/**
 * Progressive back-off for sign-in, per key (a user name, or a client address in a second,
 * looser instance): after a few failures each further attempt must wait twice as long as the one
 * before (1 s, 2 s, 4 s, ... up to 15 minutes). While a key is waiting, attempts are refused
 * without checking the password, so guessing cannot go faster than the back-off allows.
 *
 * Pure state plus an injected clock; bounded (oldest keys are dropped past `maxKeys`) so a flood of
 * random user names cannot grow memory without limit. Per process: several instances share their
 * counts through Redis instead (shared-sign-in-throttle.ts), with this one as the fallback.
 */
export interface SignInThrottleOptions {
  now: () => number;
  /** Failures allowed before any waiting starts. */
  freeFailures?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A key's count is forgotten this long after its last failure. */
  forgetAfterMs?: number;
  maxKeys?: number;
}

interface Entry {
  failures: number;
  lastFailureAt: number;
  blockedUntil: number;
}

/** The back-off's numbers when not given: the local and the shared throttle read the same. */
export const SIGN_IN_BACKOFF = {
  freeFailures: 3,
  baseDelayMs: 1_000,
  maxDelayMs: 15 * 60_000,
  forgetAfterMs: 24 * 3_600_000,
};

/** What sign-in asks of a back-off, local or shared between instances. */
export interface SignInBackOff {
  retryAfterMs(key: string): Promise<number>;
  recordFailure(key: string): Promise<void>;
  recordSuccess(key: string): Promise<void>;
}

export function createSignInThrottle(options: SignInThrottleOptions) {
  const freeFailures = options.freeFailures ?? SIGN_IN_BACKOFF.freeFailures;
  const baseDelayMs = options.baseDelayMs ?? SIGN_IN_BACKOFF.baseDelayMs;
  const maxDelayMs = options.maxDelayMs ?? SIGN_IN_BACKOFF.maxDelayMs;
  const forgetAfterMs = options.forgetAfterMs ?? SIGN_IN_BACKOFF.forgetAfterMs;
  const maxKeys = options.maxKeys ?? 100_000;
  const entries = new Map<string, Entry>();

  const current = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && options.now() - entry.lastFailureAt > forgetAfterMs) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };

  return {
    /** Milliseconds the caller must still wait before trying again; 0 when an attempt is allowed. */
    retryAfterMs(key: string): number {
      return Math.max(0, (current(key)?.blockedUntil ?? 0) - options.now());
    },
    recordFailure(key: string): void {
      const now = options.now();
      const entry = current(key) ?? { failures: 0, lastFailureAt: now, blockedUntil: 0 };
      entry.failures += 1;
      entry.lastFailureAt = now;
      const over = entry.failures - freeFailures;
      entry.blockedUntil = over > 0 ? now + Math.min(maxDelayMs, baseDelayMs * 2 ** (over - 1)) : 0;
      // Re-inserted so the map's order is least recently failed first, the order of eviction.
      entries.delete(key);
      entries.set(key, entry);
      if (entries.size > maxKeys) entries.delete(entries.keys().next().value!);
    },
    recordSuccess(key: string): void {
      entries.delete(key);
    },
  };
}

export type SignInThrottle = ReturnType<typeof createSignInThrottle>;
