/**
 * What the rest of Dexter may use of the built-in store, and nothing more: its Fastify plugin
 * (ingest and `/api/0`), an admin port (credentials, bootstrap, demo seeding), its change feed,
 * and `close`. The gateway reads issues and events only over HTTP, through the same client it
 * uses for Sentry; it never reaches into the store's database.
 */
import type { ChangeSource } from '@dexter/change-feed';
import type { FastifyInstance } from 'fastify';
import type { StoreAdmin } from './admin';
import type { StoreAlertsPort } from './alerts/store-alerts';
import type { Bootstrap, BootstrapOptions } from './bootstrap';
import { createStore, type StoreOptions } from './store';

export interface BuiltInStoreAdmin extends StoreAdmin {
  /** Creates the organization, project, DSN and token on first start; reads them afterwards. */
  bootstrap(options: Omit<BootstrapOptions, 'dataDir'>): Promise<Bootstrap & { created: boolean }>;
  /** True while the store holds no event (demo data goes only into an empty store). */
  isEmpty(): Promise<boolean>;
  /** The project `slug` of organization `orgSlug`, created with a DSN key when missing. */
  ensureProject(
    orgSlug: string,
    slug: string,
    publicUrl: string,
  ): Promise<{ id: string; slug: string; dsn: string }>;
  /** Waits until every accepted event is committed and its changes are published. */
  drain(): Promise<void>;
}

export interface BuiltInStore {
  plugin(app: FastifyInstance): Promise<void>;
  admin: BuiltInStoreAdmin;
  /** New issues, regressions and event counts, after each committed ingest batch. */
  changes: ChangeSource;
  /** Alert firings of the built-in store's rules, for Dexter's deliveries. */
  alerts: StoreAlertsPort;
  close(): Promise<void>;
}

export async function openStore(options: StoreOptions): Promise<BuiltInStore> {
  const store = await createStore(options);
  return {
    plugin: store.plugin,
    admin: {
      ...store.admin,
      bootstrap: store.bootstrap,
      isEmpty: store.isEmpty,
      ensureProject: store.ensureProject,
      drain: store.drain,
    },
    changes: store.changes,
    alerts: store.alerts,
    close: store.close,
  };
}
