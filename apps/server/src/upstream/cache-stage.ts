/**
 * The outermost pipeline stage: answers GETs from the cache when it can, and invalidates cached
 * answers by tag when a mutation succeeds. Freshness classes and tags come from the operation
 * table; the store is in-process, Redis, or both (`cache-store.ts`).
 *
 * A GET whose operation has a cache class, at age `a` of its entry (tag versions unchanged):
 * - `a < ttl`            → hit: answered from the cache, no upstream call;
 * - `a < ttl + staleFor` → stale: answered from the cache at once, and ONE background refresh per
 *                          key runs (stale-while-revalidate); refresh errors go to `onError`;
 * - otherwise            → miss: fetched, and stored when 2xx.
 * Refresh-ahead keeps what people are reading fresh without making anyone wait for Sentry:
 * - a hit past `REFRESH_AHEAD_AT` of its TTL starts the same one background refresh, so an entry
 *   read all the time is renewed before it expires and its readers never see it stale;
 * - a successful mutation refreshes, in the background, the entries read in the last
 *   `RECENT_READ_MS` that its tags invalidated (at most `MAX_REFRESH_PER_CHANGE`, most recently
 *   read first): after one triager resolves an issue, the lists everyone is looking at are fetched
 *   once, right away, instead of by whoever looks next.
 * Both follow only reads a person waits for (not background work: pollers, exports, bulk jobs'
 * scans), and run at background priority in the rate budget, behind every such request.
 * When the fetch fails because Sentry is unreachable (circuit open, network, 5xx, 429) and any
 * entry younger than `hardMaxAgeMs` exists, that entry is answered as stale instead of the error,
 * even past its stale window or after a tag invalidated it: an old answer marked stale serves
 * triage better than an error page during an outage.
 *
 * Invariants:
 * - errors are never cached, and a 4xx (not found, forbidden…) is never masked by a stale answer;
 * - tag versions are read *before* the fetch and stored with the entry, so a mutation that lands
 *   while a fetch is in flight makes that fetch's entry invalid at once;
 * - tags only the answer tells (`{=answer-issues}`: the issues a list page holds) are read after
 *   the fetch, and the entry is stored only if no invalidation at all happened meanwhile (the
 *   store's epoch did not move), so they can never postdate the answer;
 * - an entry's age counts from when its request was sent (as RFC 9111 does), never later;
 * - a mutation's tags are bumped only after it succeeds: a rejected mutation changed nothing. An
 *   ambiguous failure (timeout, reset) may have applied it; its entries then live until their
 *   TTL (15 s for lists), which we accept rather than flush caches on every network error;
 * - a mutation whose invalidation tags cannot be computed is never sent;
 * - the cache store failing (Redis down) degrades to uncached calls, never to failed requests.
 */
import { SentryUpstreamError, type UpstreamRequest, type UpstreamResponse } from '@dexter/sentry-client';
import { LRUCache } from 'lru-cache';
import { answerOf, type CachedEntry, type CacheStore, toCachedResponse } from './cache-store';
import { type CacheTag, EPOCH_TAG } from './cache-tags';
import type { Clock } from './clock';
import type { OperationTable } from './operation-table';
import {
  type CacheDependency,
  type CacheOutcome,
  recordCacheOutcome,
  runWithUpstreamContext,
} from './request-context';
import { requestKey } from './request-key';
import type { Stage } from './stage';

export interface CacheMetrics {
  onHit?(operation: string): void;
  onMiss?(operation: string): void;
  onStale?(operation: string): void;
  onRefreshAhead?(operation: string, reason: 'expiring' | 'invalidated'): void;
}

export type CacheErrorPhase = 'read' | 'store' | 'refresh' | 'invalidate';

export interface CacheStageOptions {
  table: Pick<OperationTable, 'cacheClassOf' | 'tagsFor' | 'answerTagsFor' | 'invalidatesFor'>;
  store: CacheStore;
  clock: Pick<Clock, 'now'>;
  /** Sentry base URL + token hash: part of every key, so two upstreams never share answers. */
  identity: string;
  /** Oldest entry answered when Sentry is unreachable; also how long entries are kept. */
  hardMaxAgeMs?: number;
  metrics?: CacheMetrics;
  onError?(error: unknown, context: { operation: string; phase: CacheErrorPhase }): void;
  /** Refresh-ahead (see above); on by default. Tests of other behaviour count calls without it. */
  refreshAhead?: boolean;
}

export type CacheStage = Stage & {
  /** Resolves once every background refresh started so far has settled (tests, shutdown). */
  whenIdle(): Promise<void>;
};

/** Tag versions read before a fetch, with the invalidation epoch at that moment. */
interface Versions {
  versions: number[];
  epoch: number;
}

interface Freshness {
  ttlMs: number;
  staleForMs: number;
}

const DAY_MS = 86_400_000;

/** Share of its TTL after which a hit also refreshes its entry, in the background. */
export const REFRESH_AHEAD_AT = 0.9;
/** How recently an entry must have been read for a mutation that invalidates it to refresh it. */
export const RECENT_READ_MS = 60_000;
/** Refreshes one mutation may start: a broad change (a bulk job) must not become a burst. */
export const MAX_REFRESH_PER_CHANGE = 8;

/** A cacheable read, remembered so that a change to what it depends on can refresh it. */
interface RecentRead {
  req: UpstreamRequest;
  freshness: Freshness;
  tags: CacheTag[];
}

/** Failures that may pass by themselves: worth hiding behind a stale answer. */
function isOutage(error: unknown): boolean {
  if (error instanceof SentryUpstreamError) return error.retryable;
  // The circuit breaker's own error, matched by code so this stage does not import it.
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    error.code === 'DEXTER_ERR_UPSTREAM_UNAVAILABLE'
  );
}

const sameVersions = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((version, index) => version === b[index]);

export function createCacheStage(options: CacheStageOptions): CacheStage {
  const { table, store, clock, identity, metrics, onError, refreshAhead = true } = options;
  const hardMaxAgeMs = options.hardMaxAgeMs ?? DAY_MS;
  const refreshing = new Map<string, Promise<void>>();
  const recentReads = new LRUCache<string, RecentRead>({
    max: 2_000,
    ttl: RECENT_READ_MS,
    // As in the memory store: a manual clock may start at 0, which lru-cache reads as "no TTL".
    perf: { now: () => clock.now() + 1 },
    ttlResolution: 0,
  });

  const record = (operation: string, outcome: CacheOutcome, dependency?: CacheDependency) => {
    recordCacheOutcome(outcome, dependency);
    if (outcome === 'hit') metrics?.onHit?.(operation);
    else if (outcome === 'miss') metrics?.onMiss?.(operation);
    else if (outcome === 'stale') metrics?.onStale?.(operation);
  };

  /** A store call that reports its failure and yields null instead of failing the request. */
  async function attempt<T>(
    operation: string,
    phase: CacheErrorPhase,
    work: () => Promise<T>,
  ): Promise<T | null> {
    try {
      return await work();
    } catch (error) {
      onError?.(error, { operation, phase });
      return null;
    }
  }

  /** The current versions of a request's tags and the epoch, or null when the store cannot tell. */
  async function versionsFor(req: UpstreamRequest, tags: readonly CacheTag[], phase: CacheErrorPhase) {
    const read = await attempt(req.operation, phase, () => store.tagVersions([...tags, EPOCH_TAG]));
    return read ? { versions: read.slice(0, -1), epoch: read.at(-1)! } : null;
  }

  /** The entry's answer, or null when its body text does not parse (a damaged shared entry). */
  function answerFrom(operation: string, entry: CachedEntry): UpstreamResponse | null {
    try {
      return answerOf(entry);
    } catch (error) {
      onError?.(error, { operation, phase: 'read' });
      return null;
    }
  }

  /** Whether no change has touched what the entry's answer told (the issues a list holds). */
  async function answerStillCurrent(operation: string, entry: CachedEntry): Promise<boolean> {
    const answerTags = entry.answerTags ?? [];
    if (answerTags.length === 0) return true;
    const now = await attempt(operation, 'read', () => store.tagVersions(answerTags));
    return now !== null && sameVersions(now, entry.answerVersions ?? []);
  }

  const stage: Stage = (next) => {
    /**
     * The versions of the tags only the answer tells, or null when they cannot be trusted: read
     * after the fetch, they hold only if no invalidation at all landed since before it.
     */
    async function answerVersionsOf(req: UpstreamRequest, answerTags: CacheTag[], before: Versions) {
      if (answerTags.length === 0) return [];
      const after = await attempt(req.operation, 'store', () =>
        store.tagVersions([...answerTags, EPOCH_TAG]),
      );
      return after && after.at(-1) === before.epoch ? after.slice(0, -1) : null;
    }

    /** The answer, and the entry it was stored as (null when it was not cacheable or not stored). */
    async function fetchAndStore(
      key: string,
      req: UpstreamRequest,
      before: Versions | null,
      freshness: Freshness,
    ): Promise<{ res: UpstreamResponse; stored: CachedEntry | null }> {
      const sentAt = clock.now();
      const res = await next(req);
      // Unknown tag versions (store down) would make an entry that no invalidation can reach.
      if (before && res.status >= 200 && res.status < 300 && res.body !== undefined) {
        const answerTags = table.answerTagsFor(req.operation, res.body);
        const answerVersions = await answerVersionsOf(req, answerTags, before);
        if (!answerVersions) return { res, stored: null };
        const entry: CachedEntry = {
          response: toCachedResponse(res),
          storedAt: sentAt,
          tagVersions: before.versions,
          ...(answerTags.length > 0 ? { answerTags, answerVersions } : {}),
        };
        const keepMs = Math.max(hardMaxAgeMs, freshness.ttlMs + freshness.staleForMs);
        const stored = await attempt(req.operation, 'store', async () => {
          await store.set(key, entry, keepMs);
          return entry;
        });
        return { res, stored };
      }
      return { res, stored: null };
    }

    /** One refresh per key; `known` are the versions read before it, or it reads them first. */
    function refreshInBackground(key: string, req: UpstreamRequest, freshness: Freshness, known?: Versions) {
      if (refreshing.has(key)) return;
      // Nobody waits for this call: it must not die with the caller's signal, must queue behind
      // interactive work in the rate budget, and must not write into the caller's cache outcomes.
      const background: UpstreamRequest = { ...req, signal: undefined, priority: 'background' };
      const run = runWithUpstreamContext({ cacheOutcomes: [] }, async () => {
        const before =
          known ?? (await versionsFor(req, table.tagsFor(req.operation, req.path, req.query), 'refresh'));
        if (before) await fetchAndStore(key, background, before, freshness);
      })
        .then(
          () => undefined,
          (error: unknown) => onError?.(error, { operation: req.operation, phase: 'refresh' }),
        )
        .finally(() => refreshing.delete(key));
      refreshing.set(key, run);
    }

    /** Refreshes the recent reads whose tags a mutation just invalidated (see the header). */
    function refreshInvalidated(bumped: readonly CacheTag[]) {
      if (!refreshAhead) return;
      const changed = new Set(bumped);
      let started = 0;
      for (const [key, recent] of recentReads.entries()) {
        if (started >= MAX_REFRESH_PER_CHANGE) break;
        if (refreshing.has(key) || !recent.tags.some((tag) => changed.has(tag))) continue;
        started += 1;
        metrics?.onRefreshAhead?.(recent.req.operation, 'invalidated');
        // It reads the versions after the change: the refreshed entry is valid under them.
        refreshInBackground(key, recent.req, recent.freshness);
      }
    }

    /** Only reads a person waits for: a bulk job's or an export's scan pages are read once. */
    function remember(key: string, req: UpstreamRequest, freshness: Freshness, tags: CacheTag[]) {
      if (req.priority === 'background') return;
      recentReads.set(key, { req: { ...req, signal: undefined }, freshness, tags });
    }

    async function read(req: UpstreamRequest, freshness: Freshness): Promise<UpstreamResponse> {
      const { operation } = req;
      const key = requestKey(req, identity);
      const tags = table.tagsFor(operation, req.path, req.query);
      // Versions first: they tell a layered store which copy is worth answering with.
      const before = await versionsFor(req, tags, 'read');
      const versions = before?.versions ?? null;
      const now = clock.now();
      const isCurrent = (e: CachedEntry) => versions !== null && sameVersions(e.tagVersions, versions);
      const entry = await attempt(operation, 'read', () =>
        store.get(key, (e) => isCurrent(e) && now - e.storedAt < freshness.ttlMs),
      );
      const age = entry ? now - entry.storedAt : Number.POSITIVE_INFINITY;
      const current = entry !== null && isCurrent(entry) && (await answerStillCurrent(operation, entry));
      const refreshFrom = (e: CachedEntry) =>
        e.storedAt + (refreshAhead ? freshness.ttlMs * REFRESH_AHEAD_AT : freshness.ttlMs);
      const tagsOf = (e: CachedEntry) => [...tags, ...(e.answerTags ?? [])];
      const dependencyOf = (e: CachedEntry): CacheDependency => ({
        tags: tagsOf(e),
        versions: [...e.tagVersions, ...(e.answerVersions ?? [])],
        // Not past the refresh-ahead point: a kept rendering must send its readers back here then.
        freshUntil: refreshFrom(e),
      });
      // Parsed only when it will answer: an entry that is too old or invalidated costs nothing.
      const answer =
        entry && current && age < freshness.ttlMs + freshness.staleForMs && answerFrom(operation, entry);
      if (answer && age < freshness.ttlMs) {
        record(operation, 'hit', dependencyOf(entry));
        remember(key, req, freshness, tagsOf(entry));
        const interactive = req.priority !== 'background';
        if (refreshAhead && interactive && before && now >= refreshFrom(entry) && !refreshing.has(key)) {
          metrics?.onRefreshAhead?.(operation, 'expiring');
          refreshInBackground(key, req, freshness, before);
        }
        return answer;
      }
      if (answer && before) {
        record(operation, 'stale');
        remember(key, req, freshness, tagsOf(entry));
        refreshInBackground(key, req, freshness, before);
        return answer;
      }
      try {
        const { res, stored } = await fetchAndStore(key, req, before, freshness);
        record(operation, 'miss', stored ? dependencyOf(stored) : undefined);
        if (stored) remember(key, req, freshness, tagsOf(stored));
        return res;
      } catch (error) {
        const fallback = entry && age < hardMaxAgeMs && isOutage(error) && answerFrom(operation, entry);
        if (fallback) {
          record(operation, 'stale');
          return fallback;
        }
        record(operation, 'miss');
        throw error;
      }
    }

    async function mutate(req: UpstreamRequest): Promise<UpstreamResponse> {
      const tags = table.invalidatesFor(req.operation, req.path, req.query, req.body);
      const res = await next(req);
      if (tags.length > 0) {
        const bumped = await attempt(req.operation, 'invalidate', async () => {
          await store.bumpTags(tags);
          return true;
        });
        if (bumped) refreshInvalidated(tags);
      }
      recordCacheOutcome('bypass');
      return res;
    }

    return (req) => {
      if (req.method !== 'GET') return mutate(req);
      const freshness = table.cacheClassOf(req.operation);
      if (freshness) return read(req, freshness);
      recordCacheOutcome('bypass');
      return next(req);
    };
  };

  return Object.assign(stage, {
    async whenIdle() {
      while (refreshing.size > 0) await Promise.all(refreshing.values());
    },
  });
}
