/** `GET /api/v1/organizations/{org}/search/suggestions`: autocomplete for the issue search box. */
import { SearchSuggestionsQuerySchema, SearchSuggestionsSchema } from '@dexter/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SearchSuggestionsService } from './search-suggestions-service';

const OrgParams = z.object({ org: z.string().min(1).max(100) });

export const searchRoutes: FastifyPluginAsyncZod<{ suggestions: SearchSuggestionsService }> = async (
  app,
  { suggestions },
) => {
  app.get(
    '/organizations/:org/search/suggestions',
    {
      schema: {
        operationId: 'search.suggestions',
        tags: ['issues'],
        params: OrgParams,
        querystring: SearchSuggestionsQuerySchema,
        response: { 200: SearchSuggestionsSchema },
      },
    },
    async (request) => {
      const { query, cursor, project } = request.query;
      const projects = project === undefined ? [] : Array.isArray(project) ? project : [project];
      return suggestions.suggest(
        request.params.org,
        query,
        Math.min(cursor ?? query.length, query.length),
        projects,
      );
    },
  );
};
