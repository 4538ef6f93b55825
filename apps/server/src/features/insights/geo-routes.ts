/** `/api/v1` geographic impact: events per country for a search (the map) and for one issue. */
import { GeoImpactSchema, GeoIssueParamsSchema, GeoQuerySchema } from '@dexter/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { GeoService } from './geo-service';

const OrgParams = z.object({ org: z.string().min(1).max(100) });
const list = (value: string | string[] | undefined) => (value === undefined ? [] : [value].flat());

export const geoRoutes: FastifyPluginAsyncZod<{ geo: GeoService }> = async (app, { geo }) => {
  app.get(
    '/organizations/:org/geo',
    {
      schema: {
        operationId: 'insights.geo',
        tags: ['insights'],
        params: OrgParams,
        querystring: GeoQuerySchema,
        response: { 200: GeoImpactSchema },
      },
    },
    async (request) => {
      const { query, project, environment, statsPeriod, limit } = request.query;
      return geo.forSearch(request.params.org, {
        query,
        projects: list(project),
        environments: list(environment),
        statsPeriod,
        limit,
      });
    },
  );

  app.get(
    '/organizations/:org/issues/:issueId/geo',
    {
      schema: {
        operationId: 'insights.issueGeo',
        tags: ['insights'],
        params: GeoIssueParamsSchema,
        response: { 200: GeoImpactSchema },
      },
    },
    async (request) => geo.forIssue(request.params.org, request.params.issueId),
  );
};
