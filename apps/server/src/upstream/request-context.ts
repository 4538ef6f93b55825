/**
 * Per-request context for upstream calls made while serving one Dexter request: the stages
 * record what they did (cache hit, miss or stale) and the route answers with a `Cache-Status`
 * style header summarizing it. AsyncLocalStorage carries it through the client without threading
 * a parameter through every service.
 *
 * The cache stage also records what each cached answer depends on (its invalidation tags at the
 * versions it was read under, and until when it is fresh), so the response memo
 * (`plugins/response-memo.ts`) can keep a whole rendered Dexter answer exactly as long as every
 * Sentry answer it was built from would still be a cache hit.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { CacheTag } from './cache-tags';

export type CacheOutcome = 'hit' | 'miss' | 'stale' | 'bypass';

/** A cached Sentry answer one Dexter answer was built from. */
export interface CacheDependency {
  tags: readonly CacheTag[];
  versions: readonly number[];
  /** Clock time at which the answer stops being a fresh hit. */
  freshUntil: number;
}

export interface UpstreamRequestContext {
  cacheOutcomes: CacheOutcome[];
  /** One per outcome that came from, or went into, the cache; absent when nobody collects them. */
  dependencies?: CacheDependency[];
}

const storage = new AsyncLocalStorage<UpstreamRequestContext>();

export const runWithUpstreamContext = <T>(context: UpstreamRequestContext, fn: () => T): T =>
  storage.run(context, fn);

export const currentUpstreamContext = (): UpstreamRequestContext | undefined => storage.getStore();

export function recordCacheOutcome(outcome: CacheOutcome, dependency?: CacheDependency): void {
  const context = storage.getStore();
  if (!context) return;
  context.cacheOutcomes.push(outcome);
  if (dependency) context.dependencies?.push(dependency);
}

/** The worst outcome wins: one stale part makes the whole answer stale; any miss makes it a miss. */
export function summarizeCacheOutcomes(outcomes: readonly CacheOutcome[]): CacheOutcome | null {
  if (outcomes.length === 0) return null;
  for (const outcome of ['stale', 'miss', 'bypass'] as const) if (outcomes.includes(outcome)) return outcome;
  return 'hit';
}
