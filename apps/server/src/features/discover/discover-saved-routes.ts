/**
 * `/api/v1/organizations/{org}/discover/saved[/{queryId}]`: the caller's saved Discover queries
 * and the shared ones; save, rename or share, delete. The shape follows Sentry's saved-query
 * endpoint where it can (a name and the query; `createdBy` is `owner`).
 */
import {
  SavedQueryInputSchema,
  SavedQueryListSchema,
  SavedQuerySchema,
  SavedQueryUpdateSchema,
} from '@dexter/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { viewerOf } from '../../lib/request-viewer';
import type { SavedQueriesService } from './discover-saved-service';

const OrgParams = z.object({ org: z.string().min(1).max(100) });
const QueryParams = OrgParams.extend({
  queryId: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
});

export const discoverSavedRoutes: FastifyPluginAsyncZod<{ saved: SavedQueriesService }> = async (
  app,
  { saved },
) => {
  const tags = ['discover'];
  const base = '/organizations/:org/discover/saved';

  app.get(
    base,
    {
      schema: {
        operationId: 'discover.saved.list',
        tags,
        params: OrgParams,
        response: { 200: SavedQueryListSchema },
      },
    },
    async (request) => ({ queries: await saved.list(request.params.org, viewerOf(request)) }),
  );

  app.get(
    `${base}/:queryId`,
    {
      schema: {
        operationId: 'discover.saved.get',
        tags,
        params: QueryParams,
        response: { 200: SavedQuerySchema },
      },
    },
    async (request) => saved.get(request.params.org, request.params.queryId, viewerOf(request)),
  );

  app.post(
    base,
    {
      schema: {
        operationId: 'discover.saved.create',
        tags,
        params: OrgParams,
        body: SavedQueryInputSchema,
        response: { 201: SavedQuerySchema },
      },
    },
    async (request, reply) => {
      const query = await saved.create(request.params.org, request.body, viewerOf(request));
      request.audit.targets.savedQueryId = String(query.id);
      return reply.code(201).send(query);
    },
  );

  app.put(
    `${base}/:queryId`,
    {
      schema: {
        operationId: 'discover.saved.update',
        tags,
        params: QueryParams,
        body: SavedQueryUpdateSchema,
        response: { 200: SavedQuerySchema },
      },
    },
    async (request) =>
      saved.update(request.params.org, request.params.queryId, request.body, viewerOf(request)),
  );

  app.delete(
    `${base}/:queryId`,
    { schema: { operationId: 'discover.saved.delete', tags, params: QueryParams } },
    async (request, reply) => {
      await saved.remove(request.params.org, request.params.queryId, viewerOf(request));
      return reply.code(204).send();
    },
  );
};
