/**
 * With Redis, the inbound rate limit is one budget per client address across instances: a client
 * whose requests a load balancer spreads over two instances gets the configured requests per
 * minute in all, not that many per instance.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from '../testing/redis-server';
import { startTestDexter, type TestDexter } from '../testing/test-dexter';

const PER_MINUTE = 10;
let redis: RedisServer;
let instances: TestDexter[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  const env = {
    REDIS_URL: redis.url,
    DEXTER_RATE_LIMIT_PER_MINUTE: String(PER_MINUTE),
    // The client's address comes from X-Forwarded-For, as behind a load balancer.
    DEXTER_TRUST_PROXY: 'true',
  };
  instances = [await startTestDexter(env), await startTestDexter(env)];
}, 60_000);

afterAll(async () => {
  for (const instance of instances) await instance.close();
  await redis?.stop();
});

it('counts the requests of one address on every instance against one budget', async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 2 * PER_MINUTE; i++) {
    const instance = instances[i % 2]!;
    const res = await fetch(`${instance.listenUrl}/api/v1/auth/session`, {
      headers: { 'x-forwarded-for': '203.0.113.50' },
    });
    statuses.push(res.status);
  }
  expect(statuses.filter((status) => status !== 429)).toHaveLength(PER_MINUTE);
  expect(statuses.slice(PER_MINUTE).every((status) => status === 429)).toBe(true);
});
