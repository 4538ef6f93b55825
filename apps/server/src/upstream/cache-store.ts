/**
 * Where the cache stage keeps Sentry answers: a key/value store with per-entry TTLs plus tag
 * version counters for invalidation. Three implementations: in-process (LRU bounded by entries and
 * bytes), Redis (shared by every Dexter instance), and tiered (a local LRU in front of Redis).
 *
 * An answer's body is kept as the JSON text Sentry sent (`bodyText`), never re-serialized: writing
 * an entry then costs nothing per byte, where `JSON.stringify` of a 50 KB issue page cost as much
 * as parsing it, on every miss. Each reader parses the text into objects of its own.
 *
 * Invariants:
 * - a store never hands out an object it keeps: entries are copied on `set` and on `get`, and a
 *   body is text, which each reader parses itself, so a caller that mutates an answer cannot
 *   corrupt the cache;
 * - tag versions only move forward as far as a reader can tell: a tag the store has forgotten reads
 *   as a version no entry stored before the forgetting can hold, so forgetting a tag can cause a
 *   spurious miss but never revive an invalidated entry (see `floor` and `tagTtlMs` below);
 * - a stored entry that does not parse reads as a miss, never as an error (for a body text that
 *   does not parse, `answerOf` tells the cache stage so).
 */
import type { UpstreamResponse } from '@dexter/sentry-client';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { type CacheTag, EPOCH_TAG } from './cache-tags';
import type { Clock } from './clock';

/** Everything of an entry but its body text: what Redis keeps as the entry's first line. */
const EntryMetaSchema = z.object({
  status: z.number(),
  headers: z.record(z.string(), z.string()),
  storedAt: z.number(),
  /** Versions of the tags known before the answer (path and query), in the operation's order. */
  tagVersions: z.array(z.number()),
  /** Tags only the answer told (the issues a list holds), with the versions they had. */
  // Read back as written: the cache stage stored them from the operation table's tags.
  answerTags: z
    .array(z.string())
    .transform((tags) => tags as CacheTag[])
    .optional(),
  answerVersions: z.array(z.number()).optional(),
});
type EntryMeta = z.infer<typeof EntryMetaSchema>;

export interface CachedResponse {
  status: number;
  headers: Record<string, string>;
  /** The body as JSON text. */
  bodyText: string;
}

export interface CachedEntry extends Omit<EntryMeta, 'status' | 'headers'> {
  response: CachedResponse;
}

export interface CacheStore {
  /**
   * `usable` says which copy the caller would answer with: a layered store skips a layer whose
   * copy fails it (an old local copy when the shared one is fresh). Single-layer stores ignore it.
   */
  get(key: string, usable?: (entry: CachedEntry) => boolean): Promise<CachedEntry | null>;
  set(key: string, entry: CachedEntry, ttlMs: number): Promise<void>;
  /** Current version of each tag, in order; a tag never bumped reads as the store's base version. */
  tagVersions(tags: readonly CacheTag[]): Promise<number[]>;
  /** Moves each tag (and `EPOCH_TAG`) one version on: every entry read under the old one is invalid. */
  bumpTags(tags: readonly CacheTag[]): Promise<void>;
}

/**
 * Pagination headers are part of the answer (cursors, total hits, the direct-hit flag of an issue
 * search by event id); everything else (rate limits, dates, cookies) describes one exchange only.
 */
const KEPT_HEADERS = ['link', 'x-hits', 'x-max-hits', 'x-sentry-direct-hit'] as const;

export function toCachedResponse(res: UpstreamResponse): CachedResponse {
  const headers: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = res.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  // An empty body parsed as null; its text would not parse again.
  const bodyText = res.text?.trim() ? res.text : JSON.stringify(res.body ?? null);
  return { status: res.status, headers, bodyText };
}

/** The answer an entry keeps, with a body of the caller's own; throws when the text is not JSON. */
export function answerOf(entry: CachedEntry): UpstreamResponse {
  const { status, headers, bodyText } = entry.response;
  return { status, headers: { ...headers }, body: JSON.parse(bodyText), text: bodyText };
}

const copyEntry = (entry: CachedEntry): CachedEntry => ({
  ...entry,
  response: { ...entry.response, headers: { ...entry.response.headers } },
  tagVersions: [...entry.tagVersions],
  ...(entry.answerTags ? { answerTags: [...entry.answerTags] } : {}),
  ...(entry.answerVersions ? { answerVersions: [...entry.answerVersions] } : {}),
});

/** Redis keeps an entry as one line of JSON metadata, a newline, then the body text as is. */
function serializeEntry({ response, ...rest }: CachedEntry): string {
  const meta: EntryMeta = { status: response.status, headers: response.headers, ...rest };
  return `${JSON.stringify(meta)}\n${response.bodyText}`;
}

function parseEntry(text: string | null | undefined): CachedEntry | null {
  const newline = text ? text.indexOf('\n') : -1;
  if (!text || newline < 0) return null;
  try {
    const parsed = EntryMetaSchema.safeParse(JSON.parse(text.slice(0, newline)));
    if (!parsed.success) return null;
    const { status, headers, ...rest } = parsed.data;
    return { ...rest, response: { status, headers, bodyText: text.slice(newline + 1) } };
  } catch {
    return null;
  }
}

export interface MemoryCacheStoreOptions {
  maxEntries: number;
  /**
   * Upper bound on the size of all entries together: their body texts' lengths, which are their
   * bytes for Sentry's ASCII JSON, plus a fixed allowance per entry for the rest.
   */
  maxBytes: number;
  /** Distinct tags remembered before the least recently used is forgotten. */
  maxTags?: number;
  /** Time source for entry expiry; tests pass their manual clock. */
  clock?: Pick<Clock, 'now'>;
}

/** What an entry's metadata (status, headers, versions) is counted as in the memory bound. */
const ENTRY_OVERHEAD_BYTES = 512;

export function createMemoryCacheStore(options: MemoryCacheStoreOptions): CacheStore {
  const { clock } = options;
  // lru-cache treats a start time of 0 as "no TTL" (a manual clock starts there), hence the +1;
  // ttlResolution 0 stops it caching `now` behind a timer the manual clock does not drive.
  const entries = new LRUCache<string, CachedEntry>({
    max: options.maxEntries,
    maxSize: options.maxBytes,
    sizeCalculation: (entry) => ENTRY_OVERHEAD_BYTES + entry.response.bodyText.length,
    ...(clock ? { perf: { now: () => clock.now() + 1 }, ttlResolution: 0 } : {}),
  });
  // Forgetting a tag whose version is v could revive entries stored before its last bump (they
  // hold v - 1 and would compare against a fresh 0). So an unknown tag reads as `floor`, the
  // highest version ever forgotten: at least v, so those entries stay invalid.
  let floor = 0;
  const tags = new LRUCache<CacheTag, number>({
    max: options.maxTags ?? 100_000,
    dispose: (version, _tag, reason) => {
      if (reason === 'evict') floor = Math.max(floor, version);
    },
  });
  return {
    async get(key) {
      const entry = entries.get(key);
      return entry ? copyEntry(entry) : null;
    },
    async set(key, entry, ttlMs) {
      entries.set(key, copyEntry(entry), { ttl: ttlMs });
    },
    async tagVersions(list) {
      return list.map((tag) => tags.get(tag) ?? floor);
    },
    async bumpTags(list) {
      for (const tag of [...list, EPOCH_TAG]) tags.set(tag, (tags.get(tag) ?? floor) + 1);
    },
  };
}

export interface RedisCacheStoreOptions {
  /** Namespace of every key this store writes. */
  prefix?: string;
  /**
   * How long a tag counter lives after its last bump. Entries are kept at most this long, so by
   * the time a counter expires (and reads 0 again) every entry stored before its last bump is gone.
   */
  tagTtlMs?: number;
}

export function createRedisCacheStore(redis: Redis, options: RedisCacheStoreOptions = {}): CacheStore {
  const prefix = options.prefix ?? 'dexter:cache:';
  const tagTtlMs = options.tagTtlMs ?? 7 * 86_400_000;
  const entryKey = (key: string) => `${prefix}e:${key}`;
  const tagKey = (tag: CacheTag) => `${prefix}t:${tag}`;
  return {
    async get(key) {
      return parseEntry(await redis.get(entryKey(key)));
    },
    async set(key, entry, ttlMs) {
      const px = Math.max(1, Math.min(Math.ceil(ttlMs), tagTtlMs));
      await redis.set(entryKey(key), serializeEntry(entry), 'PX', px);
    },
    async tagVersions(list) {
      if (list.length === 0) return [];
      const values = await redis.mget(...list.map(tagKey));
      return values.map((value) => Number(value ?? 0) || 0);
    },
    async bumpTags(list) {
      if (list.length === 0) return;
      const multi = redis.multi();
      for (const tag of [...list, EPOCH_TAG]) multi.incr(tagKey(tag)).pexpire(tagKey(tag), tagTtlMs);
      await multi.exec();
    },
  };
}

/**
 * A local LRU in front of a shared store: entries are read locally first and written to both; tag
 * versions live only in the shared store, so an invalidation on any instance applies to every
 * instance's local copies on their next read. A local copy the caller cannot use (invalidated, or
 * older than its TTL) sends the read on to the shared store, which another instance may have
 * refreshed since: N instances then make one upstream call per invalidation, not N.
 */
export function createTieredCacheStore(
  local: CacheStore,
  shared: CacheStore,
  { localTtlMs = 60_000 }: { localTtlMs?: number } = {},
): CacheStore {
  return {
    async get(key, usable = () => true) {
      const near = await local.get(key);
      if (near && usable(near)) return near;
      const far = await shared.get(key);
      if (!far) return near;
      // The shared entry's remaining TTL is not known here. That is harmless: the cache stage judges
      // freshness by `storedAt`, never by presence, so the local TTL only bounds memory.
      await local.set(key, far, localTtlMs);
      return near && !usable(far) && near.storedAt > far.storedAt ? near : far;
    },
    async set(key, entry, ttlMs) {
      await Promise.all([local.set(key, entry, ttlMs), shared.set(key, entry, ttlMs)]);
    },
    tagVersions: (list) => shared.tagVersions(list),
    bumpTags: (list) => shared.bumpTags(list),
  };
}
