import { setMaxListeners } from 'node:events';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from '../testing/redis-server';
import { systemClock } from './clock';
import { createRateBudget } from './rate-budget';
import { createRedisBudgetBackend } from './rate-budget-redis';

let server: RedisServer;
let instanceA: Redis;
let instanceB: Redis;
let keys = 0;
// Each test gets its own bucket, as two Sentry identities would.
const nextKey = () => `dexter:test:budget:${++keys}:${Date.now()}`;

beforeAll(async () => {
  server = await startRedisServer();
  instanceA = new Redis(server.url, { maxRetriesPerRequest: 1 });
  instanceB = new Redis(server.url, { maxRetriesPerRequest: 1 });
});

afterAll(async () => {
  await instanceA?.quit();
  await instanceB?.quit();
  await server?.stop();
});

/** Two "instances": separate connections and budgets over one Redis key. */
function twoInstances(options: { ratePerSecond: number; burst: number }, backendErrors: unknown[]) {
  const key = nextKey();
  const budgetOn = (redis: Redis) =>
    createRateBudget({
      clock: systemClock,
      ...options,
      maxConcurrent: 1_000,
      shared: createRedisBudgetBackend(redis, { key, ...options }),
      // A Redis failure would silently fall back to per-instance buckets: the test must see it.
      onBackendError: (error) => backendErrors.push(error),
    });
  return [budgetOn(instanceA), budgetOn(instanceB)] as const;
}

describe('redis budget backend', () => {
  it('takes the burst, then answers how long until the next token', async () => {
    const backend = createRedisBudgetBackend(instanceA, { key: nextKey(), ratePerSecond: 10, burst: 3 });
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await backend.take(1));
    expect(answers.slice(0, 3)).toEqual([0, 0, 0]);
    // Real time passes between the calls, so the wait is at most one token interval.
    expect(answers[3]).toBeGreaterThan(0);
    expect(answers[3]).toBeLessThanOrEqual(100);
  });

  it('keeps a pause and an exhausted Sentry window in Redis, against Redis time', async () => {
    const key = nextKey();
    const a = createRedisBudgetBackend(instanceA, { key, ratePerSecond: 10, burst: 3 });
    const b = createRedisBudgetBackend(instanceB, { key, ratePerSecond: 10, burst: 3 });
    // Wide margins: these run against real time on a machine that may be busy.
    await a.pauseUntil(Date.now() + 30_000);
    expect(await b.take(1)).toBeGreaterThan(25_000);
    expect(await b.blockedForMs()).toBeGreaterThan(25_000);

    const other = createRedisBudgetBackend(instanceB, { key: nextKey(), ratePerSecond: 10, burst: 3 });
    await other.observe({ remaining: 1, resetAt: Date.now() + 30_000 });
    await other.observe({ remaining: 5, resetAt: Date.now() + 30_000 }); // stale, looser: ignored
    expect(await other.take(1)).toBe(0);
    expect(await other.take(1)).toBeGreaterThan(25_000);
  });

  it('two budgets sharing one Redis never exceed the configured rate together', async () => {
    const ratePerSecond = 20;
    const burst = 5;
    const backendErrors: unknown[] = [];
    const [a, b] = twoInstances({ ratePerSecond, burst }, backendErrors);
    const durationMs = 2_000;
    const stop = new AbortController();
    setMaxListeners(50, stop.signal); // one listener per waiting worker
    const grants: number[] = [];
    const start = Date.now();
    // Many eager callers on each instance: alone, each instance would take the whole rate.
    const worker = async (budget: typeof a) => {
      while (!stop.signal.aborted) {
        const permit = await budget.acquire({ signal: stop.signal }).catch(() => null);
        if (!permit) return;
        grants.push(Date.now() - start);
        permit.release();
      }
    };
    const workers = [
      ...Array.from({ length: 10 }, () => worker(a)),
      ...Array.from({ length: 10 }, () => worker(b)),
    ];
    await new Promise((resolve) => setTimeout(resolve, durationMs));
    stop.abort();
    await Promise.all(workers);

    expect(backendErrors).toEqual([]);
    const elapsedSeconds = (Date.now() - start) / 1000;
    // Over any span a bucket allows at most burst + rate * span; the slack covers the gap between
    // Redis granting a token and this process recording it.
    expect(grants.length).toBeLessThanOrEqual(burst + ratePerSecond * elapsedSeconds + 1);
    // ...and the budget was in fact used (separate buckets would have allowed twice this).
    expect(grants.length).toBeGreaterThanOrEqual(burst + ratePerSecond * (durationMs / 1000) * 0.8);
    for (const [i, at] of grants.entries()) {
      const inNextSecond = grants.slice(i).filter((other) => other < at + 1_000).length;
      expect(inNextSecond).toBeLessThanOrEqual(burst + ratePerSecond + 2);
    }
  });
});
