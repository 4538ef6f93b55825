/**
 * Configuration of the upstream pipeline: Redis (shared cache, singleflight, rate budget),
 * Sentry's rate budget, the circuit breaker, retries, and who may read `/metrics`.
 * Defaults follow sentry.io's observed limits (40 requests/s, 25 concurrent) in companion mode;
 * the built-in store is local and gets a roomier budget.
 */
import { z } from 'zod';

export const UpstreamEnvSchema = z.object({
  REDIS_URL: z.url().optional(),
  DEXTER_UPSTREAM_RATE: z.coerce.number().positive().optional(),
  DEXTER_UPSTREAM_BURST: z.coerce.number().int().positive().optional(),
  DEXTER_UPSTREAM_CONCURRENCY: z.coerce.number().int().positive().optional(),
  DEXTER_UPSTREAM_RETRIES: z.coerce.number().int().min(1).max(10).default(3),
  DEXTER_BREAKER_FAILURES: z.coerce.number().int().min(1).default(5),
  DEXTER_BREAKER_RESET_MS: z.coerce.number().int().min(100).default(10_000),
  DEXTER_METRICS_TOKEN: z.string().min(16).optional(),
  DEXTER_CACHE_MAX_MB: z.coerce.number().int().min(1).max(16_384).default(64),
});

export interface UpstreamConfig {
  redisUrl: string | null;
  ratePerSecond: number;
  burst: number;
  maxConcurrent: number;
  maxAttempts: number;
  breakerFailures: number;
  breakerResetMs: number;
  /** Bearer token for `/metrics`; without one, only loopback clients may read it. */
  metricsToken: string | null;
  /** Upper bound of the in-process response cache, in bytes. */
  cacheMaxBytes: number;
}

export function upstreamConfigFrom(
  env: z.infer<typeof UpstreamEnvSchema>,
  companion: boolean,
): UpstreamConfig {
  const ratePerSecond = env.DEXTER_UPSTREAM_RATE ?? (companion ? 40 : 1000);
  return {
    redisUrl: env.REDIS_URL ?? null,
    ratePerSecond,
    burst: env.DEXTER_UPSTREAM_BURST ?? Math.ceil(ratePerSecond),
    maxConcurrent: env.DEXTER_UPSTREAM_CONCURRENCY ?? (companion ? 20 : 64),
    maxAttempts: env.DEXTER_UPSTREAM_RETRIES,
    breakerFailures: env.DEXTER_BREAKER_FAILURES,
    breakerResetMs: env.DEXTER_BREAKER_RESET_MS,
    metricsToken: env.DEXTER_METRICS_TOKEN ?? null,
    cacheMaxBytes: env.DEXTER_CACHE_MAX_MB * 1024 * 1024,
  };
}
