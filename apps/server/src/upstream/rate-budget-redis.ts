/**
 * The rate budget's bucket in Redis, shared by every Dexter instance that calls Sentry with the
 * same identity: Sentry limits the identity, so N instances with a local bucket each would spend
 * N times the budget.
 *
 * Invariants:
 * - each operation is one Lua script, so read-refill-take is atomic across instances;
 * - time is Redis's `TIME`, never an instance's clock, so skewed hosts cannot mint tokens;
 *   pauses and Sentry's reset times are wall-clock epoch ms, as `TIME` is;
 * - the rules are those of `rate-budget-bucket.ts` (capacity lowered to Sentry's `Limit`, the
 *   tighter live window wins, a pause only grows); keep the two in step;
 * - the hash expires an hour after its last use, far longer than any refill, window or pause.
 */
import type { RateLimitHeaders } from '@dexter/sentry-client';
import type { Redis } from 'ioredis';
import type { BucketConfig, BudgetBackend } from './rate-budget-bucket';

export type RedisBudgetBackend = BudgetBackend;

export interface RedisBudgetBackendOptions extends BucketConfig {
  /** One key per Sentry identity, e.g. `dexter:budget:<host>:<token hash>`. */
  key: string;
}

// ARGV[1] rate per second, ARGV[2] burst; the operation's own arguments follow.
const PRELUDE = `
local key = KEYS[1]
local rate = tonumber(ARGV[1]) / 1000
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local s = redis.call('HMGET', key, 'tokens', 'ts', 'pause', 'wrem', 'wreset', 'limit')
local pause = tonumber(s[3]) or 0
local wrem = tonumber(s[4])
local wreset = tonumber(s[5]) or 0
if wreset <= now then wrem = nil end
local function blocked()
  if pause > now then return pause - now end
  if wrem and wrem < 1 then return wreset - now end
  return 0
end
local function touch()
  redis.call('PEXPIRE', key, 3600000 + math.ceil(burst / rate))
end
`;

const TAKE = `${PRELUDE}
local cost = tonumber(ARGV[3])
local cap = burst
local limit = tonumber(s[6])
if limit and limit < cap then cap = limit end
if cap < 1 then cap = 1 end
if cost > cap then cost = cap end
local ts = tonumber(s[2]) or now
local tokens = math.min(cap, (tonumber(s[1]) or cap) + math.max(0, now - ts) * rate)
local wait = blocked()
if wait == 0 then
  if tokens + 1e-9 < cost then
    wait = math.max(1, math.ceil((cost - tokens) / rate))
  else
    tokens = math.max(0, tokens - cost)
    if wrem then redis.call('HSET', key, 'wrem', wrem - 1) end
  end
end
redis.call('HSET', key, 'tokens', tostring(tokens), 'ts', math.max(now, ts))
touch()
return math.ceil(wait)
`;

const BLOCKED = `${PRELUDE}
return math.ceil(blocked())
`;

// ARGV[3] limit, ARGV[4] remaining, ARGV[5] reset (epoch ms); '' when the header was absent.
const OBSERVE = `${PRELUDE}
if ARGV[3] ~= '' then redis.call('HSET', key, 'limit', ARGV[3]) end
local remaining = tonumber(ARGV[4])
local reset = tonumber(ARGV[5])
if remaining and reset and reset > now then
  if (not wrem) or remaining < wrem or (remaining == wrem and reset > wreset) then
    redis.call('HSET', key, 'wrem', remaining, 'wreset', reset)
  end
end
touch()
return 0
`;

const PAUSE = `${PRELUDE}
local pause_to = tonumber(ARGV[3])
if pause_to > pause then redis.call('HSET', key, 'pause', pause_to) end
touch()
return 0
`;

export function createRedisBudgetBackend(
  redis: Pick<Redis, 'eval'>,
  { key, ratePerSecond, burst }: RedisBudgetBackendOptions,
): RedisBudgetBackend {
  if (!(ratePerSecond > 0) || !(burst >= 1)) {
    throw new RangeError('redis budget: ratePerSecond > 0 and burst >= 1 are required');
  }
  const run = async (script: string, ...args: Array<string | number>): Promise<number> => {
    const reply = await redis.eval(script, 1, key, ratePerSecond, burst, ...args);
    if (typeof reply !== 'number') throw new TypeError(`redis budget: unexpected reply ${String(reply)}`);
    return reply;
  };
  const optional = (value: number | undefined) => (value === undefined ? '' : value);
  return {
    take: (cost) => run(TAKE, cost),
    blockedForMs: () => run(BLOCKED),
    async observe(limits: RateLimitHeaders) {
      await run(OBSERVE, optional(limits.limit), optional(limits.remaining), optional(limits.resetAt));
    },
    async pauseUntil(epochMs) {
      await run(PAUSE, Math.ceil(epochMs));
    },
  };
}
