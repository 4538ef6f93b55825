/**
 * The one place the upstream pipeline is composed. Every Sentry call from every feature goes
 * through, outermost first:
 *
 *   known operation -> cache -> singleflight -> rate budget -> circuit breaker -> retry -> metering
 *   -> undici
 *
 * - an operation without an `upstream:` row in the table is refused before anything is sent;
 * - the cache answers fresh and stale-while-revalidate reads, and stale ones when Sentry is down;
 * - singleflight collapses identical in-flight GETs (across instances with Redis);
 * - the budget spends Sentry's rate limit, interactive before background, shared through Redis;
 * - the breaker fails fast while the host is down; retries happen inside it, so one logical
 *   call counts once toward opening it;
 * - retries are for idempotent operations only, and a 429 pauses the budget until its reset.
 * Per-id issue lookups are batched by `issueBatcher`, which calls the composed client.
 */
import type { Transport } from '@dexter/sentry-client';
import type { Redis } from 'ioredis';
import type { UpstreamConfig } from '../config/config';
import { createCacheStage } from './cache-stage';
import {
  type CacheStore,
  createMemoryCacheStore,
  createRedisCacheStore,
  createTieredCacheStore,
} from './cache-store';
import { createCircuitBreakerStage } from './circuit-breaker-stage';
import type { Clock } from './clock';
import { createKnownOperationStage } from './known-operation-stage';
import { createMeteringStage } from './metering-stage';
import type { OperationTable } from './operation-table';
import { createRateBudget } from './rate-budget';
import { createRedisBudgetBackend } from './rate-budget-redis';
import { createRateBudgetStage } from './rate-budget-stage';
import { createRetryStage } from './retry-stage';
import { createSingleflightStage } from './singleflight-stage';
import { composeStages } from './stage';
import type { UpstreamMetrics } from './upstream-metrics';

export interface PipelineOptions {
  transport: Transport;
  table: OperationTable;
  /** Who Sentry sees calling: base URL plus a hash of the token. Keys the cache and the budget. */
  identity: string;
  host: string;
  config: UpstreamConfig;
  clock: Clock;
  redis: { client: Redis; subscriber: Redis } | null;
  metrics: UpstreamMetrics;
  log: { warn(object: object, message: string): void };
}

export function createUpstreamPipeline(options: PipelineOptions) {
  const { table, identity, config, clock, redis, metrics, log } = options;
  const memory = createMemoryCacheStore({ maxEntries: 20_000, maxBytes: config.cacheMaxBytes, clock });
  const cacheStore: CacheStore = redis
    ? createTieredCacheStore(memory, createRedisCacheStore(redis.client, { prefix: 'dexter:cache:' }))
    : memory;

  const budget = createRateBudget({
    clock,
    ratePerSecond: config.ratePerSecond,
    burst: config.burst,
    maxConcurrent: config.maxConcurrent,
    shared: redis
      ? createRedisBudgetBackend(redis.client, {
          key: `dexter:budget:${identity}`,
          ratePerSecond: config.ratePerSecond,
          burst: config.burst,
        })
      : undefined,
    onChange: metrics.observeBudget,
    onBackendError: (error) =>
      log.warn({ err: error }, 'shared rate budget unreachable; using the local bucket'),
  });
  const timedBudget = {
    ...budget,
    async acquire(...args: Parameters<typeof budget.acquire>) {
      const started = clock.now();
      const permit = await budget.acquire(...args);
      metrics.queueWait.observe((clock.now() - started) / 1000);
      return permit;
    },
  };

  const breaker = createCircuitBreakerStage({
    host: options.host,
    failureThreshold: config.breakerFailures,
    resetTimeoutMs: config.breakerResetMs,
    onStateChange: ({ host, from, to }) => {
      metrics.observeBreaker(host, to);
      log.warn({ host, from, to }, 'upstream circuit breaker changed state');
    },
  });
  metrics.observeBreaker(options.host, 'closed');

  const cache = createCacheStage({
    table,
    store: cacheStore,
    clock,
    identity,
    metrics: {
      onHit: (operation) => metrics.cache.inc({ operation, outcome: 'hit' }),
      onMiss: (operation) => metrics.cache.inc({ operation, outcome: 'miss' }),
      onStale: (operation) => metrics.cache.inc({ operation, outcome: 'stale' }),
      onRefreshAhead: (operation, reason) => metrics.refreshAhead.inc({ operation, reason }),
    },
    onError: (error, context) => log.warn({ err: error, ...context }, 'upstream cache error'),
  });
  const singleflight = createSingleflightStage({
    identity,
    clock,
    ...(redis
      ? {
          redis: {
            client: redis.client,
            subscriber: redis.subscriber,
            lockTtlMs: 30_000,
            waitTimeoutMs: 20_000,
          },
          cacheStore,
        }
      : {}),
    onJoin: (operation, where) => metrics.singleflightJoins.inc({ operation, where }),
    onError: (error, context) => log.warn({ err: error, ...context }, 'singleflight error'),
  });

  const transport = composeStages(
    [
      createKnownOperationStage(table),
      cache,
      singleflight,
      createRateBudgetStage({ budget: timedBudget, costOf: (operation) => table.costOf(operation), clock }),
      breaker,
      createRetryStage({
        clock,
        isIdempotent: (operation) => table.isIdempotent(operation),
        maxAttempts: config.maxAttempts,
        baseDelayMs: 100,
        maxDelayMs: 5_000,
        rateLimit: budget,
        onRetry: ({ request }) => metrics.retries.inc({ operation: request.operation }),
      }),
      createMeteringStage({ metrics, clock }),
    ],
    options.transport,
  );

  return {
    transport,
    budget,
    breaker,
    cacheStore,
    async close(): Promise<void> {
      await cache.whenIdle();
      await singleflight.close();
      breaker.shutdown();
    },
  };
}

export type UpstreamPipeline = ReturnType<typeof createUpstreamPipeline>;
