/** `/api/v1` patterns of a project selection: spikes, periodic issues, co-occurring issues. */
import { PatternsQuerySchema, PatternsSchema } from '@dexter/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { PatternsService } from './patterns-service';

const OrgParams = z.object({ org: z.string().min(1).max(100) });
const list = (value: string | string[] | undefined) => (value === undefined ? [] : [value].flat());

export const patternsRoutes: FastifyPluginAsyncZod<{ patterns: PatternsService }> = async (
  app,
  { patterns },
) => {
  app.get(
    '/organizations/:org/insights/patterns',
    {
      schema: {
        operationId: 'insights.patterns',
        tags: ['insights'],
        params: OrgParams,
        querystring: PatternsQuerySchema,
        response: { 200: PatternsSchema },
      },
    },
    async (request) =>
      patterns.forSelection(request.params.org, {
        projects: list(request.query.project),
        environments: list(request.query.environment),
      }),
  );
};
