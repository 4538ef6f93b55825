/**
 * `/api/v1` similarity routes: similar issues of an issue, clusters of an organization, verdicts on
 * pairs, bulk actions on a cluster, and the index rebuild. Roles come from the operation table
 * (`similarity.*` rows in config/api-mappings.yaml): viewers read, triagers give verdicts and act,
 * admins rebuild.
 */
import {
  IssueClusterListSchema,
  SentryIssueIdSchema,
  SimilarIssuesSchema,
  SimilarityActionInputSchema,
  SimilarityActionResultSchema,
  SimilarityFeedbackInputSchema,
  SimilarityFeedbackSchema,
  SimilarityRebuildSchema,
} from '@dexter/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SimilarityService } from './similarity-service';

const OrgParams = z.object({ org: z.string().min(1).max(100) });
const IssueParams = OrgParams.extend({ issueId: SentryIssueIdSchema });

export const similarityRoutes: FastifyPluginAsyncZod<{ similarity: SimilarityService }> = async (
  app,
  { similarity },
) => {
  app.get(
    '/organizations/:org/issues/:issueId/similar',
    {
      schema: {
        operationId: 'similarity.similar',
        tags: ['similarity'],
        params: IssueParams,
        response: { 200: SimilarIssuesSchema },
      },
    },
    async (request) => similarity.similar(request.params.org, request.params.issueId),
  );

  app.get(
    '/organizations/:org/clusters',
    {
      schema: {
        operationId: 'similarity.clusters',
        tags: ['similarity'],
        params: OrgParams,
        response: { 200: IssueClusterListSchema },
      },
    },
    async (request) => similarity.clusters(request.params.org),
  );

  app.post(
    '/organizations/:org/similarity/feedback',
    {
      schema: {
        operationId: 'similarity.feedback',
        tags: ['similarity'],
        params: OrgParams,
        body: SimilarityFeedbackInputSchema,
        response: { 200: SimilarityFeedbackSchema },
      },
    },
    async (request) => {
      const { issueA, issueB, verdict } = request.body;
      request.audit.targets = { issueA, issueB, verdict };
      return similarity.recordFeedback(request.params.org, request.body, request.principal?.user.id ?? null);
    },
  );

  app.post(
    '/organizations/:org/similarity/actions',
    {
      schema: {
        operationId: 'similarity.act',
        tags: ['similarity'],
        params: OrgParams,
        body: SimilarityActionInputSchema,
        response: { 200: SimilarityActionResultSchema },
      },
    },
    async (request) => {
      request.audit.targets = { action: request.body.action, issueIds: request.body.issueIds.join(',') };
      return similarity.act(request.params.org, request.body);
    },
  );

  app.post(
    '/organizations/:org/similarity/rebuild',
    {
      schema: {
        operationId: 'similarity.rebuild',
        tags: ['similarity'],
        params: OrgParams,
        response: { 200: SimilarityRebuildSchema },
      },
    },
    async (request) => similarity.rebuild(request.params.org),
  );
};
