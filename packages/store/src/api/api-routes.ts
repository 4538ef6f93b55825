/** The store's Sentry Web API subset at `/api/0`, with Sentry's `{"detail"}` error bodies. */
import type { FastifyError, FastifyInstance } from 'fastify';
import type { ApiContext } from './api-context';
import { ApiError } from './api-error';
import { eventRoutes } from './event-routes';
import { issueRoutes } from './issue-routes';
import { organizationRoutes } from './organization-routes';

export async function apiRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ApiError) return reply.code(error.status).send({ detail: error.detail });
    const status = error.statusCode;
    if (status && status >= 400 && status < 500) return reply.code(status).send({ detail: error.message });
    request.log.error({ err: error }, 'store api failed');
    return reply.code(500).send({ detail: 'Internal Error' });
  });
  await organizationRoutes(app, ctx);
  await issueRoutes(app, ctx);
  await eventRoutes(app, ctx);
}
