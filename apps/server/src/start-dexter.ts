/**
 * Starts a whole Dexter: the built-in store (standalone mode), the upstream client, the app, and
 * the listening socket; then the store's bootstrap, which needs the listening URL for its DSNs.
 * Used by `main.ts` and by tests, which start real servers on port 0.
 */

import { createHash } from 'node:crypto';
import { type Bootstrap, createStore, type Store } from '@dexter/store';
import type { FastifyInstance } from 'fastify';
import { buildApp, DEXTER_VERSION } from './app';
import type { Config } from './config/config';
import { createTriage } from './features/issues/create-triage';
import { createLive, type Live } from './features/live/create-live';
import { createSimilarity, type Similarity } from './features/similarity/create-similarity';
import { type OpenedSecurity, openSecurity } from './security/open-security';
import type { Resolver } from './security/ssrf-guard';
import { loadOperationTable } from './upstream/operation-table';
import { connectRedis } from './upstream/redis-clients';
import { createSentryUpstream } from './upstream/sentry-upstream';
import { createUpstreamMetrics } from './upstream/upstream-metrics';

export interface RunningDexter {
  app: FastifyInstance;
  /** Where this server listens, e.g. http://127.0.0.1:41234 */
  url: string;
  store: Store | null;
  /** The store's bootstrap data (org, projects with DSNs, token); null in companion mode. */
  bootstrap: (Bootstrap & { created: boolean }) | null;
  /** Accounts, audit, secrets...; `admin` is the first-run admin while its password is unchanged. */
  security: OpenedSecurity;
  /** Similarity indexes and their maintenance (tests wait on `similarity.maintenance.idle()`). */
  similarity: Similarity;
  /** Live updates: the hub's figures (`stats()`), `publish`, `idle()` for tests. */
  live: Live;
  close(): Promise<void>;
}

export interface StartOptions {
  /** The clock of sessions, tokens, sign-in back-off and the audit log; tests inject one. */
  now?: () => number;
  /** DNS for the SSRF guard; tests inject one. */
  resolve?: Resolver;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export async function startDexter(config: Config, options: StartOptions = {}): Promise<RunningDexter> {
  const security = await openSecurity(config, options);
  const store =
    config.mode === 'standalone'
      ? await createStore({ dataDir: config.dataDir, maxQueuedEvents: config.ingest.maxQueuedEvents })
      : null;

  let bootstrap: RunningDexter['bootstrap'] = null;
  let listeningUrl = '';
  const operations = loadOperationTable();
  const redis = config.upstream.redisUrl
    ? connectRedis(config.upstream.redisUrl, (error) => app?.log.warn({ err: error }, 'redis error'))
    : null;
  let app: FastifyInstance | undefined;
  const upstream = createSentryUpstream({
    baseUrl: () => (store ? listeningUrl : config.sentry.url),
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
    log: { warn: (object, message) => app?.log.warn(object, message) },
  });
  const defaultOrg = () => (store ? (bootstrap?.org ?? null) : (config.sentry.org ?? null));
  const similarity = createSimilarity({
    upstream,
    db: security.db,
    dataDir: config.dataDir,
    now: options.now ?? Date.now,
    log: { warn: (object, message) => app?.log.warn(object, message) },
  });
  const triage = createTriage({
    mode: config.mode,
    upstream,
    db: security.db,
    audit: security.services.audit,
    now: options.now ?? Date.now,
    log: {
      warn: (object, message) => app?.log.warn(object, message),
      error: (object, message) => app?.log.error(object, message),
    },
    onIssueChanged: (org, issue) =>
      live.changedByDexter({
        org,
        project: issue.project?.slug ?? null,
        issueId: String(issue.id),
        status: issue.status ?? null,
        count: Number(issue.count ?? 0),
      }),
  });
  const live = createLive({
    config,
    upstream,
    redis,
    auth: security.services.auth,
    db: security.db,
    now: options.now ?? Date.now,
    log: { warn: (object, message) => app?.log.warn(object, message) },
  });
  let url = '';
  app = await buildApp(config, {
    upstream,
    store,
    defaultOrg,
    security: security.services,
    operations,
    publicUrl: () => url,
    gatewayToken: () => (store ? (bootstrap?.token ?? null) : null),
    similarity: similarity.service,
    triage,
    live,
  });

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await store?.close();
    await security.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  listeningUrl = `http://127.0.0.1:${port}`;
  url = config.publicUrl ?? `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  if (store) bootstrap = await store.bootstrap({ publicUrl: url });
  await similarity.start({ store, defaultOrg });
  // Bulk jobs a restart interrupted; the upstream is reachable only from here on.
  await triage.start({ store });
  await live.start({ store, defaultOrg });

  return {
    app,
    url,
    store,
    security,
    similarity,
    live,
    get bootstrap() {
      return bootstrap;
    },
    async close() {
      // Before the server: in standalone mode a job's chunk in flight still talks to its /api/0.
      await triage.stop();
      await live.close();
      await app.close();
      await similarity.close();
      await upstream.close();
      await redis?.close();
      await store?.close();
      await security.close();
    },
  };
}
