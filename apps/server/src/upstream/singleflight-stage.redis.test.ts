/**
 * Singleflight across instances against a real redis-server: what a waiting instance does when the
 * lock holder fails, dies, or its done message is lost, and what happens when Redis is gone.
 * Waiting is driven by a manual clock; only Redis I/O runs in real time.
 */
import type { Transport, UpstreamRequest, UpstreamResponse } from '@dexter/sentry-client';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RedisServer, startRedisServer } from '../testing/redis-server';
import { createRedisCacheStore, toCachedResponse } from './cache-store';
import { createManualClock } from './clock';
import { requestKey } from './request-key';
import { createSingleflightStage } from './singleflight-stage';

const identity = 'https://sentry.example#token-hash';
const WAIT_MS = 5_000;
const POLL_MS = 100;

let redisServer: RedisServer;
const connections: Redis[] = [];
const closers: Array<() => Promise<unknown>> = [];
let testCount = 0;

beforeAll(async () => {
  redisServer = await startRedisServer();
});

afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
  for (const connection of connections) connection.disconnect();
  await redisServer.stop();
});

const list = (): UpstreamRequest => ({
  operation: 'issues.list',
  method: 'GET',
  path: '/api/0/organizations/acme/issues/',
  query: { query: 'is:unresolved' },
});

function connect(url = redisServer.url, options = {}) {
  const connection = new Redis(url, options);
  connections.push(connection);
  return connection;
}

/** One instance's stage; instances of one test share a key prefix, tests do not. */
function instance(prefix: string, clock = createManualClock(0)) {
  const client = connect();
  const store = createRedisCacheStore(client, { prefix: `${prefix}cache:` });
  const onJoin = vi.fn();
  const onError = vi.fn();
  const stage = createSingleflightStage({
    identity,
    redis: {
      client,
      subscriber: connect(),
      lockTtlMs: 30_000,
      waitTimeoutMs: WAIT_MS,
      pollIntervalMs: POLL_MS,
      prefix,
    },
    cacheStore: store,
    clock,
    onJoin,
    onError,
  });
  closers.push(stage.close);
  return { stage, store, client, clock, onJoin, onError };
}

function countingUpstream(answer: (n: number) => Promise<UpstreamResponse>) {
  const calls: UpstreamRequest[] = [];
  const transport: Transport = (req) => {
    calls.push(req);
    return answer(calls.length);
  };
  return { calls, transport };
}

const ok = (body: unknown): UpstreamResponse => ({ status: 200, headers: {}, body });

describe('singleflight across instances', () => {
  it("a waiter answers with the holder's result, and the holder releases the lock", async () => {
    const prefix = `sf${++testCount}:`;
    const a = instance(prefix);
    const b = instance(prefix);
    let answerHolder: (res: UpstreamResponse) => void = () => {};
    const upstream = countingUpstream(() => new Promise((resolve) => (answerHolder = resolve)));
    const fromA = a.stage(upstream.transport)(list());
    await vi.waitFor(() => expect(upstream.calls).toHaveLength(1));
    const fromB = b.stage(upstream.transport)(list());
    await vi.waitFor(() => expect(b.onJoin).toHaveBeenCalledWith('issues.list', 'remote'));

    answerHolder({
      status: 200,
      headers: { link: '<next>', 'x-sentry-rate-limit-remaining': '5' },
      body: [1, 2],
    });
    expect((await fromA).body).toEqual([1, 2]);
    expect(await fromB).toEqual({ status: 200, headers: { link: '<next>' }, body: [1, 2], text: '[1,2]' });
    expect(upstream.calls).toHaveLength(1);
    expect(await a.client.exists(`${prefix}lock:${requestKey(list(), identity)}`)).toBe(0);
  });

  it('a waiter fetches for itself when the lock holder fails, and errors are not shared across instances', async () => {
    const prefix = `sf${++testCount}:`;
    const a = instance(prefix);
    const b = instance(prefix);
    let failHolder: (error: Error) => void = () => {};
    const upstream = countingUpstream((n) =>
      n === 1 ? new Promise((_resolve, reject) => (failHolder = reject)) : Promise.resolve(ok('from B')),
    );
    const fromA = a.stage(upstream.transport)(list());
    await vi.waitFor(() => expect(upstream.calls).toHaveLength(1));
    const fromB = b.stage(upstream.transport)(list());
    await vi.waitFor(() => expect(b.onJoin).toHaveBeenCalledWith('issues.list', 'remote'));

    failHolder(new Error('502 from Sentry'));
    await expect(fromA).rejects.toThrow('502 from Sentry');
    expect((await fromB).body).toBe('from B');
    expect(upstream.calls).toHaveLength(2);
  });

  it('a waiter fetches for itself once waitTimeoutMs has passed without an answer (holder died)', async () => {
    const prefix = `sf${++testCount}:`;
    const b = instance(prefix);
    // A holder that took the lock and died: it will neither answer nor release.
    await b.client.set(`${prefix}lock:${requestKey(list(), identity)}`, 'dead-instance', 'PX', 60_000);
    const upstream = countingUpstream(async () => ok('fetched alone'));
    const fromB = b.stage(upstream.transport)(list());
    await vi.waitFor(() => expect(b.clock.pendingSleeps).toBe(1));

    await b.clock.advance(WAIT_MS - POLL_MS);
    // Still waiting: it polled, found nothing, and went back to sleep instead of fetching.
    await vi.waitFor(() => expect(b.clock.pendingSleeps).toBe(1));
    expect(upstream.calls).toHaveLength(0);
    await b.clock.advance(POLL_MS);
    expect((await fromB).body).toBe('fetched alone');
    expect(upstream.calls).toHaveLength(1);
  });

  it("a waiter that missed the done message finds the holder's answer by polling", async () => {
    const prefix = `sf${++testCount}:`;
    const b = instance(prefix);
    const key = requestKey(list(), identity);
    await b.client.set(`${prefix}lock:${key}`, 'holder-token', 'PX', 60_000);
    const upstream = countingUpstream(async () => ok('should not be fetched'));
    const fromB = b.stage(upstream.transport)(list());
    await vi.waitFor(() => expect(b.clock.pendingSleeps).toBe(1));

    // The holder stores its answer but its PUBLISH never arrives.
    const answer = { response: toCachedResponse(ok({ id: '1' })), storedAt: 0, tagVersions: [] };
    await b.store.set(`sf:${key}:holder-token`, answer, 60_000);
    await b.clock.advance(POLL_MS);
    expect((await fromB).body).toEqual({ id: '1' });
    expect(upstream.calls).toHaveLength(0);
  });

  it('a waiter whose holder released the lock without an answer fetches without waiting out the timeout', async () => {
    const prefix = `sf${++testCount}:`;
    const b = instance(prefix);
    const lock = `${prefix}lock:${requestKey(list(), identity)}`;
    await b.client.set(lock, 'holder-token', 'PX', 60_000);
    const upstream = countingUpstream(async () => ok('fetched after release'));
    const fromB = b.stage(upstream.transport)(list());
    await vi.waitFor(() => expect(b.clock.pendingSleeps).toBe(1));

    await b.client.del(lock);
    await b.client.publish(`${prefix}done`, requestKey(list(), identity));
    expect((await fromB).body).toBe('fetched after release');
    expect(b.clock.now()).toBe(0);
  });

  it('falls back to in-process sharing when Redis is unreachable', async () => {
    const down = connect('redis://127.0.0.1:1', {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    down.on('error', () => {});
    const onError = vi.fn();
    const stage = createSingleflightStage({
      identity,
      redis: { client: down, subscriber: down, lockTtlMs: 1_000, waitTimeoutMs: 1_000 },
      cacheStore: createRedisCacheStore(down),
      onError,
    });
    const upstream = countingUpstream(async () => ok('direct'));
    const shared = stage(upstream.transport);
    const [first, second] = await Promise.all([shared(list()), shared(list())]);
    expect([first.body, second.body]).toEqual(['direct', 'direct']);
    expect(upstream.calls).toHaveLength(1);
    expect(onError).toHaveBeenCalledWith(expect.any(Error), { operation: 'issues.list' });
  });
});
