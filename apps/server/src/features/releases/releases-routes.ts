/** `/api/v1` release routes: the organization's releases, one release with its deploys, its insights. */
import {
  ReleaseDetailSchema,
  ReleaseInsightsSchema,
  ReleaseListQuerySchema,
  ReleaseListSchema,
  ReleaseVersionSchema,
} from '@dexter/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { InsightsService } from './release-insights-service';
import type { ReleasesService } from './releases-service';

const OrgParams = z.object({ org: z.string().min(1).max(100) });

export const releasesRoutes: FastifyPluginAsyncZod<{
  releases: ReleasesService;
  insights: InsightsService;
}> = async (app, { releases, insights }) => {
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

  app.get(
    '/organizations/:org/releases/:version/insights',
    {
      schema: {
        operationId: 'releases.insights',
        tags: ['releases'],
        params: OrgParams.extend({ version: ReleaseVersionSchema }),
        response: { 200: ReleaseInsightsSchema },
      },
    },
    async (request) => insights.insights(request.params.org, request.params.version),
  );
};
