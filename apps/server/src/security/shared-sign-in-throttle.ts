/**
 * The sign-in back-off shared by every instance through Redis, so a guesser behind a load balancer
 * cannot multiply its attempts by the number of instances. One hash per key (the key itself is
 * hashed: user names and addresses are not written to Redis), updated by one script so two
 * instances counting failures at once never lose one; it expires `forgetAfterMs` after the last
 * failure, which bounds Redis's memory as the local throttle's `maxKeys` bounds the process's.
 *
 * Redis unreachable: this instance falls back to its own counts (the local throttle, which also
 * counts every failure while Redis works, so it is warm when needed), rather than refusing or
 * waving through every sign-in.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { SIGN_IN_BACKOFF, type SignInBackOff, type SignInThrottle } from './sign-in-throttle';

// KEYS[1] the key; ARGV: now, free failures, base delay, max delay, forget after (ms).
const RECORD_FAILURE = `
local failures = redis.call('hincrby', KEYS[1], 'f', 1)
local over = failures - tonumber(ARGV[2])
local blocked = 0
if over > 0 then
  blocked = tonumber(ARGV[1]) + math.min(tonumber(ARGV[4]), tonumber(ARGV[3]) * 2 ^ (over - 1))
end
redis.call('hset', KEYS[1], 'b', string.format('%d', blocked))
redis.call('pexpire', KEYS[1], ARGV[5])
return failures`;

export interface SharedSignInThrottleOptions {
  redis: Pick<Redis, 'eval' | 'hget' | 'del'>;
  /** Separates the back-offs (`name`, `address`) in Redis. */
  scope: string;
  /** Counts of this instance: the fallback while Redis is away. */
  local: SignInThrottle;
  now: () => number;
  freeFailures?: number;
  onError(error: unknown): void;
}

export function createSharedSignInThrottle(options: SharedSignInThrottleOptions): SignInBackOff {
  const { redis, local, now } = options;
  const freeFailures = options.freeFailures ?? SIGN_IN_BACKOFF.freeFailures;
  const redisKey = (key: string) =>
    `dexter:sign-in:${options.scope}:${createHash('sha256').update(key).digest('hex')}`;
  const fallback = <T>(error: unknown, value: T): T => {
    options.onError(error);
    return value;
  };

  return {
    async retryAfterMs(key) {
      try {
        const blockedUntil = Number((await redis.hget(redisKey(key), 'b')) ?? 0);
        return Math.max(0, blockedUntil - now());
      } catch (error) {
        return fallback(error, local.retryAfterMs(key));
      }
    },
    async recordFailure(key) {
      local.recordFailure(key);
      try {
        await redis.eval(
          RECORD_FAILURE,
          1,
          redisKey(key),
          String(now()),
          String(freeFailures),
          String(SIGN_IN_BACKOFF.baseDelayMs),
          String(SIGN_IN_BACKOFF.maxDelayMs),
          String(SIGN_IN_BACKOFF.forgetAfterMs),
        );
      } catch (error) {
        fallback(error, undefined);
      }
    },
    async recordSuccess(key) {
      local.recordSuccess(key);
      try {
        await redis.del(redisKey(key));
      } catch (error) {
        fallback(error, undefined);
      }
    },
  };
}

/** The local throttle behind the same interface (one instance, or no Redis configured). */
export function localSignInBackOff(local: SignInThrottle): SignInBackOff {
  return {
    retryAfterMs: async (key) => local.retryAfterMs(key),
    recordFailure: async (key) => local.recordFailure(key),
    recordSuccess: async (key) => local.recordSuccess(key),
  };
}
