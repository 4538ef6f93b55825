/**
 * The contract every server feature implements. A feature is one folder under `features/` that
 * exports one `Feature`: its name, the change types it publishes and consumes, and `create`,
 * which builds the running module over the platform. `start-dexter.ts` composes the list in
 * `features/index.ts` and knows nothing else about any feature.
 *
 * Invariants, checked when Dexter starts:
 * - every route a module registers names an operation the module declares in `operations`, and
 *   every declared operation has a row with a role in the operation table;
 * - a module publishes and subscribes only the change types it declares (its feed is scoped).
 */
import type { ChangeType } from '@dexter/change-feed';
import type { FastifyPluginAsync } from 'fastify';
import type { Platform, ScopedFeed } from './platform';

export interface FeatureModule<Handle = unknown> {
  /** Routes registered inside `/api/v1`. */
  api?: FastifyPluginAsync;
  /** Routes outside `/api/v1` (probes such as `/healthz`). */
  root?: FastifyPluginAsync;
  /** The operation-table rows of this module's routes. */
  operations?: readonly string[];
  /** Runs once the server listens (the upstream can be called, the store is bootstrapped). */
  start?(): Promise<void> | void;
  /** Runs before the server closes, in the reverse order of the list. */
  stop?(): Promise<void> | void;
  /** What tests and tools may reach of the running module (e.g. "wait until idle"). */
  handle?: Handle;
}

/** The platform as a feature sees it: its feed scoped to the change types it declares. */
export type FeaturePlatform = Omit<Platform, 'feed'> & { feed: ScopedFeed };

export interface Feature<Handle = unknown> {
  name: string;
  publishes?: readonly ChangeType[];
  consumes?: readonly ChangeType[];
  create(platform: FeaturePlatform): FeatureModule<Handle>;
}

/** Identity, for type inference of `Handle` at the definition. */
export const defineFeature = <Handle = unknown>(feature: Feature<Handle>): Feature<Handle> => feature;
