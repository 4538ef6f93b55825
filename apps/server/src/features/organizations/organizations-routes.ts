/** `/api/v1` meta, organization and project routes. */
import { MetaSchema, OrganizationListSchema, ProjectListSchema } from '@dexter/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { OrganizationsService } from '../../organization-data/organizations-service';

export const organizationsRoutes: FastifyPluginAsyncZod<{ organizations: OrganizationsService }> = async (
  app,
  { organizations },
) => {
  app.get(
    '/meta',
    { schema: { operationId: 'meta.get', tags: ['meta'], response: { 200: MetaSchema } } },
    async () => organizations.meta(),
  );

  app.get(
    '/organizations',
    {
      schema: {
        operationId: 'organizations.list',
        tags: ['organizations'],
        response: { 200: OrganizationListSchema },
      },
    },
    async () => ({ organizations: await organizations.list() }),
  );

  app.get(
    '/organizations/:org/projects',
    {
      schema: {
        operationId: 'projects.list',
        tags: ['organizations'],
        params: z.object({ org: z.string().min(1).max(100) }),
        response: { 200: ProjectListSchema },
      },
    },
    async (request) => ({ projects: await organizations.projects(request.params.org) }),
  );
};
