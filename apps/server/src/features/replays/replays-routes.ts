/** `/api/v1` replays: a project's or an issue's replays, and one replay for the player. */
import {
  ReplayDetailSchema,
  ReplayListQuerySchema,
  ReplayListSchema,
  ReplayParamsSchema,
} from '@dexter/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ReplaysService } from './replays-service';

export const replaysRoutes: FastifyPluginAsyncZod<{ replays: ReplaysService }> = async (app, { replays }) => {
  app.get(
    '/organizations/:org/replays',
    {
      schema: {
        operationId: 'replays.list',
        tags: ['replays'],
        params: z.object({ org: z.string().min(1) }),
        querystring: ReplayListQuerySchema,
        response: { 200: ReplayListSchema },
      },
    },
    async (request) => ({ replays: await replays.list(request.params.org, request.query) }),
  );

  app.get(
    '/organizations/:org/replays/:replayId',
    {
      schema: {
        operationId: 'replays.get',
        tags: ['replays'],
        params: ReplayParamsSchema,
        response: { 200: ReplayDetailSchema },
      },
      // The schema documents the answer; rrweb events (a full DOM snapshot each) are not re-checked.
      serializerCompiler: () => (data) => JSON.stringify(data),
    },
    async (request) => replays.get(request.params.org, request.params.replayId),
  );
};
