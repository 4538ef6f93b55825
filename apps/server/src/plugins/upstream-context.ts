/**
 * Runs each request inside an upstream context so the pipeline can record what it did, and tells
 * the client: `X-Dexter-Cache: hit | miss | stale` (and the RFC 9211 `Cache-Status` form) on
 * every response that needed Sentry data. A stale answer means Sentry was unreachable or slow and
 * the data may be behind.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import {
  type CacheOutcome,
  runWithUpstreamContext,
  summarizeCacheOutcomes,
  type UpstreamRequestContext,
} from '../upstream/request-context';

const CACHE_STATUS: Record<CacheOutcome, string> = {
  hit: 'dexter; hit',
  stale: 'dexter; hit; detail=stale',
  miss: 'dexter; fwd=miss',
  bypass: 'dexter; fwd=bypass',
};

declare module 'fastify' {
  interface FastifyRequest {
    upstreamContext?: UpstreamRequestContext;
  }
}

export const upstreamContextPlugin = fp(async (app: FastifyInstance) => {
  app.addHook('onRequest', (request, _reply, done) => {
    const context: UpstreamRequestContext = { cacheOutcomes: [] };
    request.upstreamContext = context;
    runWithUpstreamContext(context, done);
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    const outcome = summarizeCacheOutcomes(request.upstreamContext?.cacheOutcomes ?? []);
    if (outcome) {
      reply.header('x-dexter-cache', outcome);
      reply.header('cache-status', CACHE_STATUS[outcome]);
    }
    done(null, payload);
  });
});
