/**
 * Two Dexter instances in one test process, each with its own Redis connections and in-process
 * memory, sharing one real redis-server: the cache -> singleflight part of the pipeline must act as
 * one across them (one upstream call per request, shared answers, shared invalidation).
 */
import type { Transport, UpstreamRequest, UpstreamResponse } from '@dexter/sentry-client';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RedisServer, startRedisServer } from '../testing/redis-server';
import { createCacheStage } from './cache-stage';
import { createMemoryCacheStore, createRedisCacheStore, createTieredCacheStore } from './cache-store';
import { createManualClock } from './clock';
import { loadOperationTable } from './operation-table';
import { type CacheOutcome, runWithUpstreamContext } from './request-context';
import { createSingleflightStage } from './singleflight-stage';
import { composeStages } from './stage';

const table = loadOperationTable();
const identity = 'https://sentry.example#token-hash';
const issue = (id: number): UpstreamRequest => ({
  operation: 'issues.get',
  method: 'GET',
  path: `/api/0/organizations/acme/issues/${id}/`,
});

let redisServer: RedisServer;
const connections: Redis[] = [];
const closers: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  redisServer = await startRedisServer();
});

afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
  for (const connection of connections) connection.disconnect();
  await redisServer.stop();
});

/** Sentry for both instances: counts calls, and holds GETs until the test opens the gate. */
function fakeSentry() {
  const calls: UpstreamRequest[] = [];
  let open: () => void = () => {};
  let gate = Promise.resolve();
  const transport: Transport = async (req) => {
    calls.push(req);
    if (req.method === 'GET') await gate;
    return {
      status: 200,
      headers: {},
      body: { path: req.path, call: calls.length },
    } satisfies UpstreamResponse;
  };
  return {
    calls,
    transport,
    close() {
      gate = new Promise((resolve) => {
        open = resolve;
      });
    },
    open: () => open(),
  };
}

function startInstance(sentry: Transport, clock: ReturnType<typeof createManualClock>) {
  const client = new Redis(redisServer.url);
  const subscriber = new Redis(redisServer.url);
  connections.push(client, subscriber);
  const shared = createRedisCacheStore(client);
  const local = createMemoryCacheStore({ maxEntries: 1_000, maxBytes: 10_000_000, clock });
  const onJoin = vi.fn();
  const singleflight = createSingleflightStage({
    identity,
    redis: { client, subscriber, lockTtlMs: 10_000, waitTimeoutMs: 10_000 },
    cacheStore: shared,
    onJoin,
  });
  closers.push(singleflight.close);
  // Refresh-ahead off: its background re-read after a mutation would race the call counts asserted
  // here (it has tests of its own in cache-stage.test.ts).
  const cache = createCacheStage({
    table,
    store: createTieredCacheStore(local, shared),
    clock,
    identity,
    refreshAhead: false,
  });
  const transport = composeStages([cache, singleflight], sentry);
  async function call(req: UpstreamRequest) {
    const outcomes: CacheOutcome[] = [];
    const res = await runWithUpstreamContext({ cacheOutcomes: outcomes }, () => transport(req));
    return { body: res.body, outcomes };
  }
  return { call, onJoin };
}

describe('two instances sharing one Redis', () => {
  const clock = createManualClock(Date.UTC(2026, 0, 1));
  const sentry = fakeSentry();
  let a: ReturnType<typeof startInstance>;
  let b: ReturnType<typeof startInstance>;

  beforeAll(() => {
    a = startInstance(sentry.transport, clock);
    b = startInstance(sentry.transport, clock);
  });

  it('make one upstream call for the same GET arriving on both at once, and both get the answer', async () => {
    sentry.close();
    const onA = a.call(issue(1));
    const onB = b.call(issue(1));
    // Whichever instance lost the race for the lock is now waiting on the other.
    await vi.waitFor(() => expect(a.onJoin.mock.calls.length + b.onJoin.mock.calls.length).toBe(1));
    expect(sentry.calls).toHaveLength(1);
    sentry.open();

    const [fromA, fromB] = await Promise.all([onA, onB]);
    expect(sentry.calls).toHaveLength(1);
    expect(fromA.body).toEqual({ path: '/api/0/organizations/acme/issues/1/', call: 1 });
    expect(fromB.body).toEqual(fromA.body);
    expect([...a.onJoin.mock.calls, ...b.onJoin.mock.calls]).toEqual([['issues.get', 'remote']]);
  });

  it('answer on B from what A stored in Redis', async () => {
    expect((await a.call(issue(2))).outcomes).toEqual(['miss']);
    const calls = sentry.calls.length;
    expect(await b.call(issue(2))).toEqual({
      body: { path: '/api/0/organizations/acme/issues/2/', call: calls },
      outcomes: ['hit'],
    });
    expect(sentry.calls).toHaveLength(calls);
  });

  it('see on B an invalidation made by a mutation on A', async () => {
    await a.call(issue(3));
    expect((await b.call(issue(3))).outcomes).toEqual(['hit']);

    await a.call({
      operation: 'issues.update',
      method: 'PUT',
      path: '/api/0/organizations/acme/issues/3/',
      body: {},
    });
    const calls = sentry.calls.length;
    expect((await b.call(issue(3))).outcomes).toEqual(['miss']);
    expect(sentry.calls).toHaveLength(calls + 1);
    // A's local copy is invalid too: tag versions live only in Redis.
    expect((await a.call(issue(3))).outcomes).toEqual(['hit']);
    expect(sentry.calls).toHaveLength(calls + 1);
  });
});
