/**
 * Composes live updates once: the hub (this instance's sockets), the bus (Redis pub/sub when
 * `REDIS_URL` is set, else in-process), the publisher (count coalescing, cache invalidation) and
 * the sources:
 *
 * - the built-in store's ingest (standalone mode);
 * - Sentry webhooks, `POST /api/v1/webhooks/sentry` (when `DEXTER_SENTRY_WEBHOOK_SECRET` is set);
 * - the poller (companion mode without a webhook secret), background work in the rate budget;
 * - bulk job progress and the upstream's health, delivered to this instance's sockets only.
 *
 * `startDexter` creates it, `buildApp` registers `plugin` inside `/api/v1`, `start` runs once the
 * server listens (the store and the default org are known then), `close` stops it all.
 */
import { randomUUID } from 'node:crypto';
import type { LiveEvent } from '@dexter/contracts';
import type { Store } from '@dexter/store';
import type { FastifyPluginAsync } from 'fastify';
import type { Redis } from 'ioredis';
import type { Config } from '../../config/config';
import type { DexterDb } from '../../db/database';
import { systemClock } from '../../upstream/clock';
import type { SentryUpstream } from '../../upstream/sentry-upstream';
import { createBulkJobsStore } from '../bulk/bulk-jobs-store';
import { createWebhookDedupe } from '../webhooks/webhook-dedupe';
import { webhooksRoutes } from '../webhooks/webhooks-routes';
import { startJobProgressSource } from './job-progress-source';
import { createLocalBus, createRedisBus, type LiveBus } from './live-bus';
import { createLiveHub } from './live-hub';
import { createLivePoller } from './live-poller';
import { createLivePublisher } from './live-publisher';
import { type LiveRoutesDeps, liveRoutes } from './live-routes';
import { createPollIssues } from './poll-issues';
import { createPollerLock } from './poller-lock';
import { startStoreSource } from './store-source';
import { startUpstreamWatch } from './upstream-watch';

/** One issue as a change made through Dexter left it (read back after the mutation). */
export interface DexterChange {
  org: string;
  project: string | null;
  issueId: string;
  status: string | null;
  count: number;
}

/** How long a webhook delivery is remembered as seen (Sentry retries within minutes). */
const REDELIVERY_WINDOW_MS = 24 * 3_600_000;

export interface LiveDeps {
  config: Pick<Config, 'mode' | 'live' | 'upstream'>;
  upstream: Pick<SentryUpstream, 'pipeline'>;
  redis: { client: Redis; subscriber: Redis } | null;
  auth: LiveRoutesDeps['auth'];
  /** Dexter's database: bulk job progress. */
  db: DexterDb;
  now: () => number;
  log: { warn(object: object, message: string): void };
}

export interface LiveStartOptions {
  store: Pick<Store, 'onWritten' | 'db'> | null;
  defaultOrg: () => string | null;
}

export function createLive({ config, upstream, redis, auth, db, now, log }: LiveDeps) {
  const instanceId = randomUUID();
  const hub = createLiveHub({ heartbeatMs: config.live.heartbeatMs });
  let bus: LiveBus = createLocalBus(hub.deliver);
  const publisher = createLivePublisher({
    bus: { publish: (event) => bus.publish(event) },
    cache: upstream.pipeline.cacheStore,
    log,
  });
  const dedupe = createWebhookDedupe({ redis: redis?.client ?? null, ttlMs: REDELIVERY_WINDOW_MS });
  const bulkJobs = createBulkJobsStore({ db, now });
  let org: () => string | null = () => null;
  const stops: Array<() => void> = [];
  let poller: ReturnType<typeof createLivePoller> | null = null;

  const plugin: FastifyPluginAsync = async (v1) => {
    await v1.register(liveRoutes, { auth, hub });
    await v1.register(webhooksRoutes, {
      secret: config.live.webhookSecret,
      dedupe,
      publish: publisher.publish,
      org: () => org(),
    });
  };

  function startPoller(): void {
    poller = createLivePoller({
      org: () => org(),
      list: createPollIssues(upstream.pipeline.transport),
      budget: upstream.pipeline.budget,
      burst: config.upstream.burst,
      baseMs: config.live.pollMs,
      clock: systemClock,
      publish: publisher.publish,
      ...(redis ? { lead: createPollerLock(redis.client, instanceId) } : {}),
      onError: (error) => log.warn({ err: error }, 'live poller: the poll failed'),
    });
    poller.start();
  }

  return {
    plugin,
    hub,
    /** What sources publish through: coalesced, invalidating, across instances. */
    publish: (event: LiveEvent) => publisher.publish(event),
    /**
     * A change made through Dexter (its mutation has already invalidated the cache): every
     * subscriber hears of it at once, and the poller will not report it a second time.
     */
    changedByDexter(change: DexterChange): void {
      const { org: changeOrg, project, issueId, status, count } = change;
      poller?.note(issueId, { status, count });
      publisher.publish(
        { type: 'issue.updated', org: changeOrg, project, issueId, action: status ?? 'updated', status },
        { invalidated: true },
      );
    },
    async start({ store, defaultOrg }: LiveStartOptions): Promise<void> {
      org = defaultOrg;
      if (redis) {
        bus = await createRedisBus({
          ...redis,
          instanceId,
          deliver: hub.deliver,
          onRecovered: () => hub.resyncAll('bus-recovered'),
          log,
        });
      }
      if (store) stops.push(startStoreSource({ store, publish: publisher.publish, log }));
      stops.push(startUpstreamWatch({ ...upstream.pipeline, deliver: hub.deliver }));
      stops.push(
        startJobProgressSource({
          topics: hub.topics,
          getJob: (jobOrg, jobId) => bulkJobs.get(jobOrg, jobId),
          deliver: hub.deliver,
          log,
        }),
      );
      if (config.mode === 'companion' && !config.live.webhookSecret) startPoller();
    },
    stats: () => ({ ...hub.stats(), bus: bus.state() }),
    /** Sends pending counts and waits for publishing in flight (tests, shutdown). */
    idle: async () => {
      await publisher.idle();
      hub.flush();
    },
    async close(): Promise<void> {
      for (const stop of stops.splice(0)) stop();
      await poller?.stop();
      await publisher.idle();
      hub.close();
      await bus.close();
    },
  };
}

export type Live = ReturnType<typeof createLive>;
