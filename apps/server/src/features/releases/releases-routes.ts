/** `/api/v1` release routes: the organization's releases, and one release with its deploys. */
import {
  ReleaseDetailSchema,
  ReleaseListQuerySchema,
  ReleaseListSchema,
  ReleaseVersionSchema,
} from '@dexter/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ReleasesService } from './releases-service';

const OrgParams = z.object({ org: z.string().min(1).max(100) });

export const releasesRoutes: FastifyPluginAsyncZod<{ releases: ReleasesService }> = async (
  app,
  { releases },
) => {
  app.get(
    '/organizations/:org/releases',
    {
      schema: {
        operationId: 'releases.list',
        tags: ['releases'],
        params: OrgParams,
        querystring: ReleaseListQuerySchema,
        response: { 200: ReleaseListSchema },
      },
    },
    async (request) => releases.list(request.params.org, request.query),
  );

  app.get(
    '/organizations/:org/releases/:version',
    {
      schema: {
        operationId: 'releases.get',
        tags: ['releases'],
        params: OrgParams.extend({ version: ReleaseVersionSchema }),
        response: { 200: ReleaseDetailSchema },
      },
    },
    async (request) => releases.get(request.params.org, request.params.version),
  );
};
