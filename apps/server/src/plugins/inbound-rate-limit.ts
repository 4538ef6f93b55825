/**
 * Inbound rate limit on Dexter's own API (`/api/v1`), per client address: a fixed budget per
 * minute (`DEXTER_RATE_LIMIT_PER_MINUTE`), tighter on routes that set `config.rateLimit` (sign-in),
 * on top of sign-in's own progressive back-off. Ingest and the store's `/api/0` are not limited
 * here: SDK traffic has its own queue limits, and the gateway calls `/api/0` from loopback.
 * With Redis the counts are shared by every instance (a client behind a load balancer gets one
 * budget, not one per instance); while Redis fails, requests are let through rather than refused.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';

export const inboundRateLimitPlugin = fp(
  async (app: FastifyInstance, { perMinute, redis }: { perMinute: number; redis?: Redis | null }) => {
    await app.register(rateLimit, {
      ...(redis ? { redis, nameSpace: 'dexter:inbound-rate:', skipOnError: true } : {}),
      global: true,
      max: perMinute,
      timeWindow: 60_000,
      // Under inject() a request may have no address; the default key generator would throw.
      keyGenerator: (request) => request.ip ?? 'local',
      allowList: (request) => !request.url.startsWith('/api/v1'),
    });
  },
);
