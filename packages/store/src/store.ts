/**
 * The built-in Sentry-compatible store: one SQLite file, a batching write queue, the ingest
 * endpoints SDKs post to, and the `/api/0` subset Dexter's gateway (or any Sentry API client)
 * reads. `plugin` mounts both on a Fastify server; each part is its own encapsulated child so the
 * raw-body parsers and Sentry-style error bodies never leak into the host app.
 */
import type { FastifyInstance } from 'fastify';
import { createStoreAdmin } from './admin';
import { createStoreAlerts } from './alerts/store-alerts';
import { apiRoutes } from './api/api-routes';
import { requireCredentials, withPublicUrl } from './api/http/api-context';
import { type BootstrapOptions, createProject, dsnFor, ensureBootstrap } from './bootstrap';
import { createStoreChanges } from './changes/store-changes';
import { openStoreDatabase } from './db/database';
import { createProjectKeyCache } from './ingest/auth/project-keys';
import { defaultIngestLimits, type IngestLimits, ingestRoutes } from './ingest/ingest-routes';
import { createPreparePool, defaultIngestWorkers } from './ingest/prepare/prepare-pool';
import { createSymbolicator } from './ingest/sourcemaps/symbolicator';
import { createWriteQueue } from './ingest/write/write-queue';
import { createReplayWriter } from './replays/replay-writer';
import { createSpanWriter } from './tracing/span-writer';

export interface StoreOptions {
  dataDir: string;
  now?: () => number;
  limits?: Partial<IngestLimits>;
  maxQueuedEvents?: number;
  maxBatch?: number;
  /** Threads that decode and normalize ingest bodies; 0 runs that work on the main thread. */
  ingestWorkers?: number;
  /** Told when committed events could not be turned into changes (the events themselves are safe). */
  onChangeError?: (error: unknown) => void;
  /**
   * Where SDKs, sentry-cli and browsers reach this store: DSNs, permalinks, `Link` headers and
   * upload URLs are built from it, never from a request's `Host` header. Needed to mount `plugin`.
   */
  publicUrl?: () => string;
}

export async function createStore(options: StoreOptions) {
  const now = options.now ?? Date.now;
  const { db, sqlite, close: closeDb } = await openStoreDatabase(options.dataDir);
  const changes = createStoreChanges(
    db,
    options.onChangeError ??
      ((error) => process.emitWarning(`store changes not published: ${String(error)}`)),
  );
  const alerts = createStoreAlerts({
    db,
    sqlite,
    now,
    onError: (error) => process.emitWarning(`alert rules not evaluated: ${String(error)}`),
  });
  alerts.start();
  const maxQueued = options.maxQueuedEvents ?? 5_000;
  const queue = createWriteQueue({
    db,
    sqlite,
    maxQueued,
    maxBatch: options.maxBatch ?? 200,
    onWritten: (written) => {
      changes.written(written);
      alerts.committed();
    },
    inTransaction: alerts.inTransaction,
  });
  const limits: IngestLimits = { ...defaultIngestLimits, ...options.limits };
  const spans = createSpanWriter({ db, sqlite, now });
  const replays = createReplayWriter({ db, sqlite, now });
  const keys = createProjectKeyCache({ db, now });
  const admin = createStoreAdmin(db, now);
  const pool = createPreparePool({
    workers: options.ingestWorkers ?? defaultIngestWorkers(),
    maxPending: maxQueued,
    limits,
  });

  const symbolicator = createSymbolicator({
    db,
    onError: (error) => process.emitWarning(`source maps not applied: ${String(error)}`),
  });

  return {
    db,
    queue,
    /** Span ingest counters (written, unsampled, dropped) and retention pruning. */
    spans,
    /** Replay ingest counters and retention pruning. */
    replays,
    /** Credential administration: DSN keys and `/api/0` tokens (create, list, revoke). */
    admin: {
      ...admin,
      // Ingest caches keys: a revocation must reach it at once.
      async revokeKey(...args: Parameters<typeof admin.revokeKey>) {
        try {
          return await admin.revokeKey(...args);
        } finally {
          keys.invalidate();
        }
      },
      async rotateKey(...args: Parameters<typeof admin.rotateKey>) {
        try {
          return await admin.rotateKey(...args);
        } finally {
          keys.invalidate();
        }
      },
    },
    bootstrap: (bootstrapOptions: Omit<BootstrapOptions, 'dataDir'>) =>
      ensureBootstrap(db, { now, ...bootstrapOptions, dataDir: options.dataDir }),
    async isEmpty(): Promise<boolean> {
      const row = await db.selectFrom('events').select('id').limit(1).executeTakeFirst();
      return row === undefined;
    },
    /** The project `slug` of organization `orgSlug`, created with a DSN key when missing. */
    async ensureProject(orgSlug: string, slug: string, publicUrl: string) {
      const org = await db
        .selectFrom('organizations')
        .selectAll()
        .where('slug', '=', orgSlug)
        .executeTakeFirstOrThrow();
      const project =
        (await db
          .selectFrom('projects')
          .selectAll()
          .where('organization_id', '=', org.id)
          .where('slug', '=', slug)
          .executeTakeFirst()) ?? (await createProject(db, org.id, slug, now()));
      const key = await db
        .selectFrom('project_keys')
        .select('public_key')
        .where('project_id', '=', project.id)
        .where('revoked_at', 'is', null)
        .orderBy('id')
        .executeTakeFirstOrThrow();
      return {
        id: String(project.id),
        slug: project.slug,
        dsn: dsnFor(publicUrl, key.public_key, project.id),
      };
    },
    /** New issues, regressions and event counts, after each committed batch. */
    changes: changes.source,
    /** Alert firings, for the deliveries (the rules themselves are served at `/rules/`). */
    alerts: alerts.port,
    /** Waits until every accepted event is committed and its changes are published. */
    async drain(): Promise<void> {
      await queue.drain();
      await changes.idle();
    },
    async plugin(app: FastifyInstance): Promise<void> {
      const { publicUrl } = options;
      if (!publicUrl) throw new Error('the store needs its publicUrl to mount its routes');
      await app.register(ingestRoutes, { keys, queue, pool, symbolicator, spans, replays, limits, now });
      await app.register(async (api) => {
        api.addHook('onRequest', withPublicUrl(publicUrl));
        api.addHook('onRequest', requireCredentials({ db, now }));
        await api.register(apiRoutes, {
          db,
          now,
          statusChanged: changes.statusChanged,
          releaseChanged: changes.releaseChanged,
        });
      });
    },
    async close(): Promise<void> {
      await alerts.stop();
      await queue.close();
      await changes.idle();
      await pool.close();
      await closeDb();
    },
  };
}

export type Store = Awaited<ReturnType<typeof createStore>>;
