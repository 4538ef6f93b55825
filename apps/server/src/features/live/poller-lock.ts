/**
 * Which instance polls Sentry when several run: the holder of a Redis key, renewed on each poll.
 * If the holder dies, the key expires and another instance takes over within one TTL. With Redis
 * unreachable every instance polls on its own: more calls, all still inside the rate budget,
 * rather than nobody polling.
 */
import type { Redis } from 'ioredis';

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0`;

export function createPollerLock(
  redis: Pick<Redis, 'set' | 'eval'>,
  instanceId: string,
  key = 'dexter:live:poller',
) {
  return async function lead(ttlMs: number): Promise<boolean> {
    try {
      if ((await redis.set(key, instanceId, 'PX', ttlMs, 'NX')) === 'OK') return true;
      return (await redis.eval(RENEW, 1, key, instanceId, String(ttlMs))) === 1;
    } catch {
      return true;
    }
  };
}
