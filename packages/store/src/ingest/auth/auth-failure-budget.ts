/**
 * A budget of failed ingest authentications per source address: a token bucket that each failure
 * spends and time refills. Once a source has spent it, its requests that carry no key of their own
 * (in the query string or an auth header) are refused with 429 before their body is read, so a
 * sender of unauthenticated envelopes costs a header parse per request. A request with a valid key
 * is never refused by it: an SDK sharing an address (a NAT, a proxy) with a bad sender keeps working.
 *
 * Invariants: pure apart from the injected clock; memory bounded by `maxSources` (the oldest entry
 * goes first, which at worst forgives a source early).
 */

export interface AuthFailureBudgetOptions {
  now: () => number;
  /** Failures a source may make in a burst. */
  burst?: number;
  /** Failures per second a source earns back. */
  refillPerSecond?: number;
  maxSources?: number;
}

export function createAuthFailureBudget({
  now,
  burst = 20,
  refillPerSecond = 1,
  maxSources = 10_000,
}: AuthFailureBudgetOptions) {
  const buckets = new Map<string, { tokens: number; at: number }>();

  const current = (source: string): { tokens: number; at: number } => {
    const bucket = buckets.get(source);
    const at = now();
    if (!bucket) return { tokens: burst, at };
    return { tokens: Math.min(burst, bucket.tokens + ((at - bucket.at) / 1000) * refillPerSecond), at };
  };

  return {
    /** Records one failed authentication from `source`. */
    charge(source: string): void {
      const bucket = current(source);
      buckets.delete(source);
      if (buckets.size >= maxSources) {
        const oldest = buckets.keys().next();
        if (!oldest.done) buckets.delete(oldest.value);
      }
      buckets.set(source, { tokens: bucket.tokens - 1, at: bucket.at });
    },
    /** Seconds until `source` may fail again, or 0 while it has budget left. */
    retryAfterSeconds(source: string): number {
      const { tokens } = current(source);
      return tokens >= 1 ? 0 : Math.ceil((1 - tokens) / refillPerSecond);
    },
  };
}

export type AuthFailureBudget = ReturnType<typeof createAuthFailureBudget>;
