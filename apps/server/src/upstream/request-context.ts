/**
 * Per-request context for upstream calls made while serving one Dexter request: the stages
 * record what they did (cache hit, miss or stale) and the route answers with a `Cache-Status`
 * style header summarizing it. AsyncLocalStorage carries it through the client without threading
 * a parameter through every service.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export type CacheOutcome = 'hit' | 'miss' | 'stale' | 'bypass';

export interface UpstreamRequestContext {
  cacheOutcomes: CacheOutcome[];
}

const storage = new AsyncLocalStorage<UpstreamRequestContext>();

export const runWithUpstreamContext = <T>(context: UpstreamRequestContext, fn: () => T): T =>
  storage.run(context, fn);

export const currentUpstreamContext = (): UpstreamRequestContext | undefined => storage.getStore();

export function recordCacheOutcome(outcome: CacheOutcome): void {
  storage.getStore()?.cacheOutcomes.push(outcome);
}

/** The worst outcome wins: one stale part makes the whole answer stale; any miss makes it a miss. */
export function summarizeCacheOutcomes(outcomes: readonly CacheOutcome[]): CacheOutcome | null {
  if (outcomes.length === 0) return null;
  for (const outcome of ['stale', 'miss', 'bypass'] as const) if (outcomes.includes(outcome)) return outcome;
  return 'hit';
}
