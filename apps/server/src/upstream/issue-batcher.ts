/**
 * Collapses per-id issue lookups made in the same tick into one list call per organization
 * (`/organizations/{org}/issues/?group=1&group=2…`), so a page that shows 40 linked issues costs
 * Sentry one request instead of 40. DataLoader does the collecting.
 *
 * Invariants:
 * - one list call per org per tick, at most `maxBatchSize` (<= 100, Sentry's page cap) ids each,
 *   every id asked once even when several callers asked for it;
 * - an id Sentry does not return (deleted, merged, not visible to the token) resolves to null;
 *   only the list call's own failure rejects, and then every lookup of that batch;
 * - nothing is cached here (DataLoader's cache is off): caching is the cache stage's job, with
 *   TTLs and invalidation this layer knows nothing about;
 * - the batch runs as interactive if any caller is; it is aborted only when every caller has
 *   aborted, while each caller's own abort rejects its lookup at once.
 */
import type { CallOptions, Issue } from '@dexter/sentry-client';
import DataLoader from 'dataloader';

export const MAX_ISSUE_BATCH = 100;

export interface IssueBatcherOptions<T> {
  listIssues: (org: string, ids: string[], options: CallOptions) => Promise<T[]>;
  maxBatchSize?: number;
}

interface Lookup {
  id: string;
  options: CallOptions;
}

export function createIssueBatcher<T extends { id: string | number } = Issue>({
  listIssues,
  maxBatchSize = MAX_ISSUE_BATCH,
}: IssueBatcherOptions<T>) {
  if (!(maxBatchSize >= 1 && maxBatchSize <= MAX_ISSUE_BATCH)) {
    throw new RangeError(`issue batcher: maxBatchSize must be between 1 and ${MAX_ISSUE_BATCH}`);
  }
  const loaders = new Map<string, DataLoader<Lookup, T | null>>();

  async function fetchBatch(org: string, lookups: readonly Lookup[]): Promise<Array<T | null>> {
    const ids = [...new Set(lookups.map((lookup) => lookup.id))];
    const issues = await listIssues(org, ids, batchOptions(lookups));
    const byId = new Map(issues.map((issue) => [String(issue.id), issue]));
    return lookups.map((lookup) => byId.get(lookup.id) ?? null);
  }

  function loaderFor(org: string): DataLoader<Lookup, T | null> {
    let loader = loaders.get(org);
    if (!loader) {
      loader = new DataLoader((lookups) => fetchBatch(org, lookups), { cache: false, maxBatchSize });
      loaders.set(org, loader);
    }
    return loader;
  }

  return {
    /** The issue, or null when Sentry has no issue with that id for this org. */
    load(org: string, id: string | number, options: CallOptions = {}): Promise<T | null> {
      const { signal } = options;
      if (signal?.aborted) return Promise.reject(signal.reason);
      const result = loaderFor(org).load({ id: String(id), options });
      if (!signal) return result;
      return new Promise<T | null>((resolve, reject) => {
        const onAbort = () => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        result.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
      });
    },
  };
}

export type IssueBatcher<T extends { id: string | number } = Issue> = ReturnType<
  typeof createIssueBatcher<T>
>;

function batchOptions(lookups: readonly Lookup[]): CallOptions {
  const interactive = lookups.some((lookup) => (lookup.options.priority ?? 'interactive') === 'interactive');
  const priority = interactive ? 'interactive' : 'background';
  const signals = lookups.map((lookup) => lookup.options.signal);
  if (!signals.every((signal): signal is AbortSignal => signal !== undefined)) return { priority };
  return { priority, signal: whenAllAborted(signals) };
}

// A caller without a signal keeps the batch alive; so does any caller still waiting.
function whenAllAborted(signals: readonly AbortSignal[]): AbortSignal {
  const controller = new AbortController();
  const check = () => {
    if (signals.every((signal) => signal.aborted)) controller.abort(signals.at(-1)?.reason);
  };
  for (const signal of signals) signal.addEventListener('abort', check, { once: true });
  check();
  return controller.signal;
}
