/**
 * The sign-in back-off two instances share through a real redis-server: failures counted on one
 * make the other refuse, a success on either clears the name, keys expire, and with Redis gone
 * each instance falls back to its own counts.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from '../testing/redis-server';
import { connectRedis } from '../upstream/redis-clients';
import { createSharedSignInThrottle } from './shared-sign-in-throttle';
import { createSignInThrottle } from './sign-in-throttle';

let server: RedisServer;
let clock = 1_700_000_000_000;
const now = () => clock;
const connections: Array<ReturnType<typeof connectRedis>> = [];
const errors: unknown[] = [];

async function instance() {
  const redis = connectRedis(server.url, () => {});
  connections.push(redis);
  // Commands fail fast until the connection is ready (no offline queue), as in Dexter.
  if (redis.client.status !== 'ready') await new Promise((resolve) => redis.client.once('ready', resolve));
  return createSharedSignInThrottle({
    redis: redis.client,
    scope: 'name',
    local: createSignInThrottle({ now }),
    now,
    onError: (error) => errors.push(error),
  });
}

beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  for (const connection of connections) await connection.close();
  await server.stop();
});

it('counts the failures of every instance, and a success on either clears them', async () => {
  const [a, b] = [await instance(), await instance()];
  await a.recordFailure('admin\n203.0.113.9');
  await b.recordFailure('admin\n203.0.113.9');
  await a.recordFailure('admin\n203.0.113.9');
  expect(await b.retryAfterMs('admin\n203.0.113.9')).toBe(0);
  // The fourth failure, wherever it happens, starts the back-off for all: 1 s, then 2 s.
  await b.recordFailure('admin\n203.0.113.9');
  expect(await a.retryAfterMs('admin\n203.0.113.9')).toBe(1_000);
  await a.recordFailure('admin\n203.0.113.9');
  expect(await b.retryAfterMs('admin\n203.0.113.9')).toBe(2_000);
  clock += 1_500;
  expect(await a.retryAfterMs('admin\n203.0.113.9')).toBe(500);
  expect(await a.retryAfterMs('someone else\n203.0.113.9')).toBe(0);

  await b.recordSuccess('admin\n203.0.113.9');
  expect(await a.retryAfterMs('admin\n203.0.113.9')).toBe(0);
  expect(errors).toEqual([]);
});

it('stores only hashes of the keys, expiring a day after the last failure', async () => {
  const a = await instance();
  await a.recordFailure('visible-name\n198.51.100.1');
  const probe = new Redis(server.url);
  try {
    const keys = await probe.keys('dexter:sign-in:*');
    expect(keys.some((key) => key.includes('visible-name'))).toBe(false);
    const ttls = await Promise.all(keys.map((key) => probe.pttl(key)));
    for (const ttl of ttls) expect(ttl).toBeGreaterThan(23 * 3_600_000);
  } finally {
    probe.disconnect();
  }
});

it("falls back to the instance's own counts while Redis is away", async () => {
  const a = await instance();
  await server.stop();
  for (let i = 0; i < 4; i++) await a.recordFailure('fallback\n192.0.2.1');
  expect(await a.retryAfterMs('fallback\n192.0.2.1')).toBe(1_000);
  expect(errors.length).toBeGreaterThan(0);
});
