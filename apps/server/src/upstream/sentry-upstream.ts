/**
 * Where every Sentry call leaves Dexter: the Sentry client over the composed upstream pipeline
 * (`pipeline.ts`) over the undici transport, plus the batcher that collapses per-id issue lookups.
 *
 * The base URL and token are resolved on first use: in standalone mode the upstream is this very
 * server's `/api/0`, whose port and token are known only once it listens and has bootstrapped
 * (tests listen on port 0).
 */
import {
  createHttpTransport,
  createSentryClient,
  type HttpTransport,
  type Transport,
} from '@dexter/sentry-client';
import type { Redis } from 'ioredis';
import type { UpstreamConfig } from '../config/config';
import { type Clock, systemClock } from './clock';
import { createIssueBatcher } from './issue-batcher';
import type { OperationTable } from './operation-table';
import { createUpstreamPipeline } from './pipeline';
import type { UpstreamMetrics } from './upstream-metrics';

export interface SentryUpstreamOptions {
  baseUrl: () => string;
  token: () => string;
  /** Stable name of the Sentry identity (host + token hash); keys the cache and the budget. */
  identity: string;
  timeoutMs: number;
  userAgent: string;
  table: OperationTable;
  config: UpstreamConfig;
  redis: { client: Redis; subscriber: Redis } | null;
  metrics: UpstreamMetrics;
  log: { warn(object: object, message: string): void };
  clock?: Clock;
}

export function createSentryUpstream(options: SentryUpstreamOptions) {
  const { baseUrl, token, timeoutMs, userAgent } = options;
  let http: HttpTransport | null = null;
  const lazyHttp: Transport = (request) => {
    http ??= createHttpTransport({
      baseUrl: baseUrl(),
      token: token(),
      userAgent,
      timeouts: { connectMs: Math.min(timeoutMs, 5_000), headersMs: timeoutMs, bodyMs: timeoutMs },
    });
    return http(request);
  };
  const clock = options.clock ?? systemClock;
  const pipeline = createUpstreamPipeline({
    transport: lazyHttp,
    table: options.table,
    identity: options.identity,
    host: options.identity,
    config: options.config,
    clock,
    redis: options.redis,
    metrics: options.metrics,
    log: options.log,
  });
  const client = createSentryClient({ transport: pipeline.transport });
  const issueBatcher = createIssueBatcher({
    listIssues: (org, ids, callOptions) => {
      options.metrics.batchSize.observe(ids.length);
      return client.issues.lookup(org, ids, callOptions);
    },
  });
  return {
    client,
    pipeline,
    issueBatcher,
    clock,
    metrics: options.metrics,
    async close(): Promise<void> {
      await pipeline.close();
      await http?.close();
    },
  };
}

export type SentryUpstream = ReturnType<typeof createSentryUpstream>;
