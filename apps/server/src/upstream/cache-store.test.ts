import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from '../testing/redis-server';
import {
  answerOf,
  type CachedEntry,
  type CacheStore,
  createMemoryCacheStore,
  createRedisCacheStore,
  createTieredCacheStore,
  toCachedResponse,
} from './cache-store';
import { cacheTags } from './cache-tags';
import { createManualClock } from './clock';

const { issue, issues, issueDetails, issueStats } = cacheTags;

const entry = (body: unknown, storedAt = 0, tagVersions: number[] = []): CachedEntry => ({
  response: { status: 200, headers: { link: '<x>; rel="next"' }, bodyText: JSON.stringify(body) },
  storedAt,
  tagVersions,
});

let redisServer: RedisServer;
let redis: Redis;
let storeCount = 0;

beforeAll(async () => {
  redisServer = await startRedisServer();
  redis = new Redis(redisServer.url, { maxRetriesPerRequest: 1 });
});

afterAll(async () => {
  redis.disconnect();
  await redisServer.stop();
});

const implementations: Array<[string, () => CacheStore]> = [
  ['memory', () => createMemoryCacheStore({ maxEntries: 100, maxBytes: 1_000_000 })],
  // A fresh prefix per store: the tests share one Redis.
  ['redis', () => createRedisCacheStore(redis, { prefix: `test${++storeCount}:` })],
  [
    'tiered',
    () =>
      createTieredCacheStore(
        createMemoryCacheStore({ maxEntries: 100, maxBytes: 1_000_000 }),
        createRedisCacheStore(redis, { prefix: `test${++storeCount}:` }),
      ),
  ],
];

describe.each(implementations)('%s cache store', (_name, create) => {
  it('returns what was stored, and null for a key never stored', async () => {
    const store = create();
    await store.set('k', entry({ id: 1 }, 5, [1, 2]), 10_000);
    expect(await store.get('k')).toEqual(entry({ id: 1 }, 5, [1, 2]));
    expect(await store.get('other')).toBeNull();
  });

  it('hands out a copy, so mutating an entry or its answer does not change the cache', async () => {
    const store = create();
    const original = entry({ title: 'a' }, 0, [1]);
    await store.set('k', original, 10_000);
    original.response.bodyText = '"changed before read"';
    original.tagVersions.push(2);
    const first = await store.get('k');
    first!.response.headers.link = 'changed after read';
    first!.tagVersions[0] = 9;
    (answerOf(first!).body as { title: string }).title = 'changed after read';
    expect(await store.get('k')).toEqual(entry({ title: 'a' }, 0, [1]));
  });

  it('keeps a body text byte for byte, newlines and all', async () => {
    const store = create();
    const text = '[\n  {"id": "1", "title": "line one\\nline two"}\n]\n';
    await store.set('k', { ...entry(null), response: { status: 200, headers: {}, bodyText: text } }, 10_000);
    const read = await store.get('k');
    expect(read?.response.bodyText).toBe(text);
    expect(answerOf(read!).body).toEqual([{ id: '1', title: 'line one\nline two' }]);
  });

  it('reads tags never bumped as version 0 and counts each bump', async () => {
    const store = create();
    expect(await store.tagVersions([issues, issueDetails])).toEqual([0, 0]);
    await store.bumpTags([issues]);
    await store.bumpTags([issues, issueStats]);
    expect(await store.tagVersions([issues, issueDetails, issueStats])).toEqual([2, 0, 1]);
    expect(await store.tagVersions([])).toEqual([]);
  });
});

describe('memory cache store bounds', () => {
  it('expires an entry once its TTL has passed on the injected clock', async () => {
    const clock = createManualClock(0);
    const store = createMemoryCacheStore({ maxEntries: 10, maxBytes: 10_000, clock });
    await store.set('k', entry('x'), 500);
    await clock.advance(500);
    expect(await store.get('k')).not.toBeNull();
    await clock.advance(1);
    expect(await store.get('k')).toBeNull();
  });

  it('evicts the least recently used entry beyond maxEntries', async () => {
    const store = createMemoryCacheStore({ maxEntries: 2, maxBytes: 10_000 });
    await store.set('a', entry('a'), 10_000);
    await store.set('b', entry('b'), 10_000);
    await store.get('a');
    await store.set('c', entry('c'), 10_000);
    expect(await store.get('a')).not.toBeNull();
    expect(await store.get('b')).toBeNull();
  });

  it('keeps the body texts under maxBytes, counting each entry a fixed allowance more', async () => {
    // Three 5,000-character bodies (5,512 bytes each) in 12,000: two fit, the third pushes the first out.
    const store = createMemoryCacheStore({ maxEntries: 100, maxBytes: 12_000 });
    for (const key of ['a', 'b', 'c']) await store.set(key, entry('x'.repeat(4_998)), 10_000);
    expect(await store.get('a')).toBeNull();
    expect(await store.get('b')).not.toBeNull();
    expect(await store.get('c')).not.toBeNull();
  });

  it('never revives an invalidated entry when it forgets a tag', async () => {
    const store = createMemoryCacheStore({ maxEntries: 10, maxBytes: 10_000, maxTags: 1 });
    const [before] = await store.tagVersions([issue(1)]);
    await store.bumpTags([issue(1)]);
    await store.bumpTags([issue(2)]); // pushes issue:1 out
    const [after] = await store.tagVersions([issue(1)]);
    expect(after).not.toBe(before);
  });
});

describe('redis cache store expiry', () => {
  it('stores entries with a PX expiry and tag counters that outlive every entry', async () => {
    const store = createRedisCacheStore(redis, { prefix: 'px:', tagTtlMs: 60_000 });
    await store.set('k', entry('x'), 5_000);
    const entryTtl = await redis.pttl('px:e:k');
    expect(entryTtl).toBeGreaterThan(4_000);
    expect(entryTtl).toBeLessThanOrEqual(5_000);

    await store.set('long', entry('x'), 600_000);
    expect(await redis.pttl('px:e:long')).toBeLessThanOrEqual(60_000);

    await store.bumpTags([issues]);
    expect(await redis.pttl('px:t:issues')).toBeGreaterThan(59_000);
  });

  it('reads a corrupt entry as a miss', async () => {
    const store = createRedisCacheStore(redis, { prefix: 'bad:' });
    await redis.set('bad:e:k', '{"status":');
    await redis.set('bad:e:shape', '{"status":"200"}\n[]');
    await redis.set('bad:e:no-body', '{"status":200,"headers":{},"storedAt":0,"tagVersions":[]}');
    expect(await store.get('k')).toBeNull();
    expect(await store.get('shape')).toBeNull();
    expect(await store.get('no-body')).toBeNull();
  });
});

describe('tiered cache store', () => {
  it('serves a shared entry to an instance whose local cache never saw it', async () => {
    const shared = createRedisCacheStore(redis, { prefix: 'tier:' });
    const a = createTieredCacheStore(createMemoryCacheStore({ maxEntries: 10, maxBytes: 10_000 }), shared);
    const b = createTieredCacheStore(createMemoryCacheStore({ maxEntries: 10, maxBytes: 10_000 }), shared);
    await a.set('k', entry('from a'), 10_000);
    expect(answerOf((await b.get('k'))!).body).toBe('from a');
    await a.bumpTags([issues]);
    expect(await b.tagVersions([issues])).toEqual([1]);
  });
});

describe('toCachedResponse', () => {
  it('keeps pagination headers and drops per-exchange ones', () => {
    const cached = toCachedResponse({
      status: 200,
      headers: { link: 'l', 'x-hits': '3', 'x-sentry-rate-limit-remaining': '9', date: 'now' },
      body: [1],
    });
    expect(cached).toEqual({ status: 200, headers: { link: 'l', 'x-hits': '3' }, bodyText: '[1]' });
  });

  it('keeps the text the body was parsed from instead of serializing the body again', () => {
    const text = '[ {"id": "1"} ]';
    expect(toCachedResponse({ status: 200, headers: {}, body: JSON.parse(text), text }).bodyText).toBe(text);
    expect(toCachedResponse({ status: 200, headers: {}, body: null, text: ' ' }).bodyText).toBe('null');
  });
});
