/**
 * The platform: what every feature module is built over, opened once by `start-dexter.ts`.
 * Config, clock and log; Dexter's own database and its security services (accounts, sessions,
 * tokens, audit, secrets, SSRF guard); the upstream pipeline (Sentry, or the built-in store over
 * HTTP); the built-in store's public port (standalone mode only); Redis when configured; the
 * change feed; and this instance's live hub (the browsers' sockets).
 *
 * Some facts exist only once the server listens (its URL, the store's bootstrap org and token):
 * they are functions, valid from the modules' `start` on.
 */
import { createHash, randomUUID } from 'node:crypto';
import { type ChangeFeed, type ChangeType, createChangeFeed } from '@dexter/change-feed';
import { type Bootstrap, type BuiltInStore, openStore } from '@dexter/store';
import type { Config } from '../config/config';
import type { DexterDb } from '../db/database';
import { createLiveHub, type LiveHub } from '../live-hub/live-hub';
import { type OpenedSecurity, openSecurity } from '../security/open-security';
import type { SecurityServices } from '../security/security-services';
import type { Resolver } from '../security/ssrf-guard';
import { loadOperationTable, type OperationTable } from '../upstream/operation-table';
import { connectRedis } from '../upstream/redis-clients';
import { createSentryUpstream, type SentryUpstream } from '../upstream/sentry-upstream';
import { createUpstreamMetrics } from '../upstream/upstream-metrics';
import { subscribeCacheInvalidation } from './cache-invalidation';
import { createLeases, type Leases } from './leases';
import { createRedisChangeTransport } from './redis-change-transport';

export const DEXTER_VERSION = '0.1.0';

export interface PlatformLog {
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

/** A feature's view of the feed: it publishes and hears only the change types it declares. */
export type ScopedFeed = Pick<ChangeFeed, 'publish' | 'subscribe' | 'onGap' | 'state' | 'idle'>;

export interface Platform {
  config: Config;
  now: () => number;
  log: PlatformLog;
  /** Dexter's own database (users, sessions, tokens, audit log, views, jobs, verdicts). */
  db: DexterDb;
  /** Work only one of several instances may do at a time is owned through these. */
  leases: Leases;
  security: SecurityServices;
  upstream: SentryUpstream;
  operations: OperationTable;
  /** The built-in store in standalone mode; null in companion mode. */
  store: BuiltInStore | null;
  redis: ReturnType<typeof connectRedis> | null;
  feed: ChangeFeed;
  /** This instance's live sockets: deliver to them, see what they watch. */
  hub: LiveHub;
  /** The organization the UI opens by default (the bootstrap org, or `SENTRY_ORG`). */
  defaultOrg(): string | null;
  /** Where SDKs and browsers reach this server (DSNs, links). */
  publicUrl(): string;
  /** The store token the gateway uses, which must not be revoked while Dexter runs. */
  gatewayToken(): string | null;
}

export interface OpenedPlatform {
  platform: Platform;
  /** First-run admin, secret key origin (printed by `main.ts`). */
  security: OpenedSecurity;
  /** The store's bootstrap, once `listening` ran (standalone mode). */
  bootstrap(): (Bootstrap & { created: boolean }) | null;
  /** Sets the log once the app exists (its logger), before anything can log. */
  useLog(log: PlatformLog): void;
  /** The server listens at `listenUrl`, reachable by SDKs and browsers at `publicUrl`. */
  listening(urls: { listenUrl: string; publicUrl: string }): Promise<void>;
  /** After the server closed (the hub's sockets are closed before it). */
  close(): Promise<void>;
}

export interface PlatformOptions {
  /** The clock of sessions, tokens, sign-in back-off, the audit log, jobs; tests inject one. */
  now?: () => number;
  /** DNS for the SSRF guard; tests inject one. */
  resolve?: Resolver;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export async function openPlatform(config: Config, options: PlatformOptions = {}): Promise<OpenedPlatform> {
  let log: PlatformLog = { warn: () => {}, error: () => {} };
  const forwardLog: PlatformLog = {
    warn: (object, message) => log.warn(object, message),
    error: (object, message) => log.error(object, message),
  };
  // Before security: the sign-in back-off is shared between instances through Redis.
  const redis = config.upstream.redisUrl
    ? connectRedis(config.upstream.redisUrl, (error) => forwardLog.warn({ err: error }, 'redis error'))
    : null;
  let security: OpenedSecurity;
  try {
    security = await openSecurity(config, {
      ...options,
      redis: redis?.client ?? null,
      onRedisError: (error) =>
        forwardLog.warn({ err: error }, 'sign-in back-off: Redis failed; this instance counts alone'),
    });
  } catch (error) {
    await redis?.close();
    throw error;
  }
  let store: BuiltInStore | null = null;
  try {
    store =
      config.mode === 'standalone'
        ? await openStore({
            dataDir: config.dataDir,
            maxQueuedEvents: config.ingest.maxQueuedEvents,
            // Never the Host header: DSNs, permalinks and Link headers point where Dexter is served.
            publicUrl: () => publicUrl,
            onChangeError: (error) => forwardLog.warn({ err: error }, 'store changes not published'),
          })
        : null;
  } catch (error) {
    await security.close();
    await redis?.close();
    throw error;
  }

  let bootstrap: (Bootstrap & { created: boolean }) | null = null;
  let listenUrl = '';
  let publicUrl = '';
  const operations = loadOperationTable();
  const upstream = createSentryUpstream({
    baseUrl: () => (store ? listenUrl : config.sentry.url),
    token: () => {
      const token = store ? bootstrap?.token : config.sentry.token;
      if (!token) throw new Error('the built-in store is still starting');
      return token;
    },
    identity: store
      ? 'builtin-store'
      : `${config.sentry.url}#${sha256(config.sentry.token ?? '').slice(0, 16)}`,
    timeoutMs: config.sentry.timeoutMs,
    userAgent: `dexter/${DEXTER_VERSION}`,
    table: operations,
    config: config.upstream,
    redis,
    metrics: createUpstreamMetrics(),
    log: forwardLog,
  });
  const feed = createChangeFeed({
    transport: redis
      ? await createRedisChangeTransport({ ...redis, instanceId: randomUUID(), log: forwardLog })
      : undefined,
    onError: (error, change) =>
      forwardLog.warn({ err: error, change: change.type }, 'change feed listener failed'),
  });
  const stops = [subscribeCacheInvalidation(feed, upstream.pipeline.cacheStore, forwardLog)];
  if (store) stops.push(store.changes.subscribe((change) => feed.publish(change)));
  const hub = createLiveHub({ heartbeatMs: config.live.heartbeatMs });

  const platform: Platform = {
    config,
    now: options.now ?? Date.now,
    log: forwardLog,
    db: security.db,
    leases: createLeases({ db: security.db, now: options.now ?? Date.now, log: forwardLog }),
    security: security.services,
    upstream,
    operations,
    store,
    redis,
    feed,
    hub,
    defaultOrg: () => (store ? (bootstrap?.org ?? null) : (config.sentry.org ?? null)),
    publicUrl: () => publicUrl,
    gatewayToken: () => (store ? (bootstrap?.token ?? null) : null),
  };

  return {
    platform,
    security,
    bootstrap: () => bootstrap,
    useLog(appLog) {
      log = appLog;
    },
    async listening(urls) {
      listenUrl = urls.listenUrl;
      publicUrl = urls.publicUrl;
      if (store) bootstrap = await store.admin.bootstrap({ publicUrl });
    },
    async close() {
      for (const stop of stops) stop();
      await feed.close();
      await upstream.close();
      await redis?.close();
      await store?.close();
      await security.close();
    },
  };
}

/** The feed as a feature declared it: publishing or hearing an undeclared type is a bug, caught early. */
export function scopeFeed(
  feed: ChangeFeed,
  feature: string,
  declared: { publishes?: readonly ChangeType[]; consumes?: readonly ChangeType[] },
): ScopedFeed {
  const publishes = new Set(declared.publishes ?? []);
  const consumes = new Set(declared.consumes ?? []);
  return {
    onGap: feed.onGap,
    state: feed.state,
    idle: feed.idle,
    publish(change) {
      if (!publishes.has(change.type))
        throw new Error(`feature ${feature} publishes ${change.type} without declaring it`);
      return feed.publish(change);
    },
    subscribe(listener, options = {}) {
      const types = options.types ?? [...consumes];
      for (const type of types)
        if (!consumes.has(type)) throw new Error(`feature ${feature} consumes ${type} without declaring it`);
      return feed.subscribe(listener, { ...options, types: types as never });
    },
  };
}
