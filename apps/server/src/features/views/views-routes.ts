/** `/api/v1/organizations/{org}/views`: the caller's saved views and the shared ones; create, change, delete. */
import {
  SavedViewInputSchema,
  SavedViewListSchema,
  SavedViewSchema,
  SavedViewUpdateSchema,
} from '@dexter/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { viewerOf } from '../../lib/request-viewer';
import type { ViewsService } from '../../saved-views/views-service';

const OrgParams = z.object({ org: z.string().min(1).max(100) });
const ViewParams = OrgParams.extend({ viewId: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });

export const viewsRoutes: FastifyPluginAsyncZod<{ views: ViewsService }> = async (app, { views }) => {
  const tags = ['views'];
  const base = '/organizations/:org/views';

  app.get(
    base,
    {
      schema: { operationId: 'views.list', tags, params: OrgParams, response: { 200: SavedViewListSchema } },
    },
    async (request) => ({ views: await views.list(request.params.org, viewerOf(request)) }),
  );

  app.post(
    base,
    {
      schema: {
        operationId: 'views.create',
        tags,
        params: OrgParams,
        body: SavedViewInputSchema,
        response: { 201: SavedViewSchema },
      },
    },
    async (request, reply) => {
      const view = await views.create(request.params.org, request.body, viewerOf(request));
      request.audit.targets.viewId = String(view.id);
      return reply.code(201).send(view);
    },
  );

  app.put(
    `${base}/:viewId`,
    {
      schema: {
        operationId: 'views.update',
        tags,
        params: ViewParams,
        body: SavedViewUpdateSchema,
        response: { 200: SavedViewSchema },
      },
    },
    async (request) =>
      views.update(request.params.org, request.params.viewId, request.body, viewerOf(request)),
  );

  app.delete(
    `${base}/:viewId`,
    { schema: { operationId: 'views.delete', tags, params: ViewParams } },
    async (request, reply) => {
      await views.remove(request.params.org, request.params.viewId, viewerOf(request));
      return reply.code(204).send();
    },
  );
};
