/**
 * Two Dexter instances on one real redis-server share the cache and Sentry's rate budget: what
 * one instance fetched, the other serves without an upstream call, and a 10 s flood of distinct
 * requests through both reaches the upstream at no more than the configured 40 requests/s.
 */
import { type StoreServer, startStoreServer } from '@dexter/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultProxy, startFaultProxy } from '../../testing/fault-proxy';
import { seedIssues } from '../../testing/faulted-dexter';
import { startRedisServer } from '../../testing/redis-server';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';

const RATE = 40;
let redis: Awaited<ReturnType<typeof startRedisServer>>;
let store: StoreServer;
let proxy: FaultProxy;
let instances: TestDexter[];

beforeAll(async () => {
  redis = await startRedisServer();
  store = await startStoreServer();
  await seedIssues(store, 3);
  proxy = await startFaultProxy(store.url);
  const env = {
    SENTRY_URL: proxy.url,
    SENTRY_TOKEN: store.token,
    SENTRY_ORG: store.org,
    DEXTER_ALLOW_PRIVATE_URLS: 'true',
    DEXTER_RATE_LIMIT_PER_MINUTE: '1000000',
    REDIS_URL: redis.url,
    DEXTER_UPSTREAM_RATE: String(RATE),
    DEXTER_UPSTREAM_BURST: '1',
  };
  instances = [await startTestDexter(env), await startTestDexter(env)];
}, 60_000);

afterAll(async () => {
  for (const instance of instances ?? []) await instance.close();
  await proxy?.close();
  await store?.close();
  await redis?.stop();
});

const issuesPath = (query: string) =>
  `/api/v1/organizations/${store.org}/issues?query=${encodeURIComponent(query)}`;

describe('two instances sharing Redis', () => {
  it('serves on one instance what the other fetched', async () => {
    const [a, b] = instances as [TestDexter, TestDexter];
    const before = proxy.forwarded.length;
    expect((await a.request(issuesPath('shared across instances'))).status).toBe(200);
    const fromB = await b.request(issuesPath('shared across instances'));
    expect(fromB.status).toBe(200);
    expect(fromB.headers.get('x-dexter-cache')).toBe('hit');
    expect(proxy.forwarded.length - before).toBe(1);
  });

  it('keeps a 10 s flood through both instances at or under 40 requests/s upstream', async () => {
    const start = Date.now();
    const floodMs = 10_000;
    let counter = 0;
    const worker = async (instance: TestDexter) => {
      while (Date.now() - start < floodMs) {
        const res = await instance.request(issuesPath(`flood ${counter++}`));
        expect(res.status).toBe(200);
      }
    };
    const before = proxy.forwarded.length;
    await Promise.all(instances.flatMap((instance) => Array.from({ length: 12 }, () => worker(instance))));
    const calls = proxy.forwarded.slice(before).map((call) => call.at);
    const seconds = (calls.at(-1)! - calls[0]!) / 1000;
    // Any one-second window may hold the bucket's single burst token on top of the rate.
    let worstWindow = 0;
    for (let i = 0, j = 0; j < calls.length; j++) {
      while (calls[j]! - calls[i]! >= 1000) i++;
      worstWindow = Math.max(worstWindow, j - i + 1);
    }
    expect(calls.length).toBeGreaterThan(RATE * 5);
    expect(worstWindow).toBeLessThanOrEqual(RATE + 1);
    expect(calls.length).toBeLessThanOrEqual(Math.ceil(RATE * seconds) + 1);
  }, 60_000);
});
