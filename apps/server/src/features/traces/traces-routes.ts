/** `/api/v1` traces: one distributed trace as waterfall rows. */
import { TraceParamsSchema, TraceQuerySchema, TraceViewSchema } from '@dexter/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { compressLargeAnswers } from './compress-answer';
import type { TracesService } from './traces-service';

export const tracesRoutes: FastifyPluginAsyncZod<{ traces: TracesService }> = async (app, { traces }) => {
  // A large trace is megabytes of JSON; sent compressed to clients that accept it.
  compressLargeAnswers(app);
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
      // The schema documents the answer; it is not re-checked at runtime. The service builds it
      // from an upstream answer already checked with zod, typed as TraceView, and re-validating
      // a 10,000-span trace was a fifth of the route's CPU (measured with bench:tracing's trace).
      serializerCompiler: () => (data) => JSON.stringify(data),
    },
    async (request) => traces.get(request.params.org, request.params.traceId, request.query),
  );
};
