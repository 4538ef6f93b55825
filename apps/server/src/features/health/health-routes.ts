/**
 * Liveness (`/healthz`: the process answers) and readiness (`/readyz`: the upstream answers), the
 * split load balancers and orchestrators expect.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

export interface HealthDeps {
  checkUpstream: () => Promise<void>;
}

const ReadySchema = z.object({ status: z.enum(['ready', 'not-ready']), upstream: z.string() });

export const healthRoutes: FastifyPluginAsyncZod<HealthDeps> = async (app, { checkUpstream }) => {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get(
    '/readyz',
    { schema: { hide: true, response: { 200: ReadySchema, 503: ReadySchema } } },
    async (request, reply) => {
      try {
        await checkUpstream();
        return { status: 'ready' as const, upstream: 'ok' };
      } catch (error) {
        request.log.warn({ err: error }, 'readiness check failed');
        return reply.code(503).send({ status: 'not-ready' as const, upstream: (error as Error).message });
      }
    },
  );
};
