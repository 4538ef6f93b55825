/** `/api/v1` suspect commits: the commits likely to have caused an issue, for its detail page. */
import { SentryIssueIdSchema, SuspectCommitsSchema } from '@dexter/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SuspectCommitsService } from './suspect-commits-service';

const IssueParams = z.object({ org: z.string().min(1).max(100), issueId: SentryIssueIdSchema });

export const suspectCommitsRoutes: FastifyPluginAsyncZod<{ suspects: SuspectCommitsService }> = async (
  app,
  { suspects },
) => {
  app.get(
    '/organizations/:org/issues/:issueId/suspect-commits',
    {
      schema: {
        operationId: 'suspectCommits.get',
        tags: ['issues'],
        params: IssueParams,
        response: { 200: SuspectCommitsSchema },
      },
    },
    async (request) => suspects.forIssue(request.params.org, request.params.issueId),
  );
};
