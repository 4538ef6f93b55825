/**
 * `GET /api/v1/boot`. Signed-in only (the access-control plugin answers 401 to anyone else before
 * this runs), and never stored by a cache: the answer is one user's (`private, no-store`).
 */
import { BootQuerySchema, BootSchema } from '@dexter/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { BootService } from './boot-service';

export const bootRoutes: FastifyPluginAsyncZod<{ boot: BootService }> = async (app, { boot }) => {
  app.get(
    '/boot',
    {
      // The change-password page boots too; the service then answers the session alone.
      config: { allowPendingPasswordChange: true },
      schema: {
        operationId: 'boot.get',
        tags: ['meta'],
        querystring: BootQuerySchema,
        response: { 200: BootSchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'private, no-store');
      return boot.boot(request.principal!, request.query.org);
    },
  );
};
