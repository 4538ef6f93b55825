/** `/api/v1` issue routes: stream, detail with latest event, status change. */
import {
  IssueContextSchema,
  IssueDetailSchema,
  IssueListQuerySchema,
  IssueListSchema,
  IssueSchema,
  IssueUpdateSchema,
} from '@dexter/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { IssueContextService } from './issue-context-service';
import type { IssuesService } from './issues-service';

const OrgParams = z.object({ org: z.string().min(1).max(100) });
const IssueParams = OrgParams.extend({
  issueId: z.string().regex(/^\d{1,20}$/, 'must be a numeric issue id'),
});

export const issuesRoutes: FastifyPluginAsyncZod<{
  issues: IssuesService;
  context: IssueContextService;
}> = async (app, { issues, context }) => {
  app.get(
    '/organizations/:org/issues/:issueId/context',
    {
      schema: {
        operationId: 'issues.context',
        tags: ['issues'],
        params: IssueParams,
        response: { 200: IssueContextSchema },
      },
    },
    async (request) => context.context(request.params.org, request.params.issueId),
  );

  app.get(
    '/organizations/:org/issues',
    {
      schema: {
        operationId: 'issues.list',
        tags: ['issues'],
        params: OrgParams,
        querystring: IssueListQuerySchema,
        response: { 200: IssueListSchema },
      },
    },
    async (request) => issues.list(request.params.org, request.query),
  );

  app.get(
    '/organizations/:org/issues/:issueId',
    {
      schema: {
        operationId: 'issues.get',
        tags: ['issues'],
        params: IssueParams,
        response: { 200: IssueDetailSchema },
      },
    },
    async (request) => issues.detail(request.params.org, request.params.issueId),
  );

  app.put(
    '/organizations/:org/issues/:issueId',
    {
      schema: {
        operationId: 'issues.update',
        tags: ['issues'],
        params: IssueParams,
        body: IssueUpdateSchema,
        response: { 200: IssueSchema },
      },
    },
    async (request) => issues.updateStatus(request.params.org, request.params.issueId, request.body.status),
  );
};
