/** `/api/v1` traces: one distributed trace as waterfall rows. */
import { TraceParamsSchema, TraceQuerySchema, TraceViewSchema } from '@dexter/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { TracesService } from './traces-service';

export const tracesRoutes: FastifyPluginAsyncZod<{ traces: TracesService }> = async (app, { traces }) => {
  app.get(
    '/organizations/:org/traces/:traceId',
    {
      schema: {
        operationId: 'traces.get',
        tags: ['traces'],
        params: TraceParamsSchema,
        querystring: TraceQuerySchema,
        response: { 200: TraceViewSchema },
      },
    },
    async (request) => traces.get(request.params.org, request.params.traceId, request.query),
  );
};
