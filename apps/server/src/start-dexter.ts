/**
 * Starts a whole Dexter: the built-in store (standalone mode), the upstream client, the app, and
 * the listening socket; then the store's bootstrap, which needs the listening URL for its DSNs.
 * Used by `main.ts` and by tests, which start real servers on port 0.
 */
import { type Bootstrap, createStore, type Store } from '@dexter/store';
import type { FastifyInstance } from 'fastify';
import { buildApp, DEXTER_VERSION } from './app';
import type { Config } from './config/config';
import { createSentryUpstream } from './upstream/sentry-upstream';

export interface RunningDexter {
  app: FastifyInstance;
  /** Where this server listens, e.g. http://127.0.0.1:41234 */
  url: string;
  store: Store | null;
  /** The store's bootstrap data (org, projects with DSNs, token); null in companion mode. */
  bootstrap: (Bootstrap & { created: boolean }) | null;
  close(): Promise<void>;
}

export async function startDexter(config: Config): Promise<RunningDexter> {
  const store =
    config.mode === 'standalone'
      ? await createStore({ dataDir: config.dataDir, maxQueuedEvents: config.ingest.maxQueuedEvents })
      : null;

  let bootstrap: RunningDexter['bootstrap'] = null;
  let listeningUrl = '';
  const upstream = createSentryUpstream({
    baseUrl: () => (store ? listeningUrl : config.sentry.url),
    token: () => {
      const token = store ? bootstrap?.token : config.sentry.token;
      if (!token) throw new Error('the built-in store is still starting');
      return token;
    },
    timeoutMs: config.sentry.timeoutMs,
    userAgent: `dexter/${DEXTER_VERSION}`,
  });
  const defaultOrg = () => (store ? (bootstrap?.org ?? null) : (config.sentry.org ?? null));
  const app = await buildApp(config, { upstream, store, defaultOrg });

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await store?.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  listeningUrl = `http://127.0.0.1:${port}`;
  const url = config.publicUrl ?? `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  if (store) bootstrap = await store.bootstrap({ publicUrl: url });

  return {
    app,
    url,
    store,
    get bootstrap() {
      return bootstrap;
    },
    async close() {
      await app.close();
      await upstream.close();
      await store?.close();
    },
  };
}
