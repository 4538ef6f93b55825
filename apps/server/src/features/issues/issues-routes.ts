/**
 * `/api/v1` issue routes: the stream (Dexter search), detail, the context facade, a change to
 * one issue, and merging. Mutations say what they changed in their audit entry. The reads are built
 * from Sentry answers alone, so their rendered answers are memoized (`plugins/response-memo.ts`).
 */
import {
  IssueContextSchema,
  IssueDetailSchema,
  IssueEventSchema,
  IssueListQuerySchema,
  IssueListSchema,
  IssueMergeRequestSchema,
  IssueMergeResultSchema,
  IssueSchema,
  IssueUpdateSchema,
} from '@dexter/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { IssueContextService } from './issue-context-service';
import type { IssuesService } from './issues-service';

export const OrgParams = z.object({ org: z.string().min(1).max(100) });
export const IssueParams = OrgParams.extend({
  issueId: z.string().regex(/^\d{1,20}$/, 'must be a numeric issue id'),
});

export const issuesRoutes: FastifyPluginAsyncZod<{
  issues: IssuesService;
  context: IssueContextService;
}> = async (app, { issues, context }) => {
  const tags = ['issues'];

  app.get(
    '/organizations/:org/issues/:issueId/context',
    {
      config: { memo: true },
      schema: {
        operationId: 'issues.context',
        tags,
        params: IssueParams,
        response: { 200: IssueContextSchema },
      },
    },
    async (request) => context.context(request.params.org, request.params.issueId),
  );

  app.get(
    '/organizations/:org/issues',
    {
      config: { memo: true },
      schema: {
        operationId: 'issues.list',
        tags,
        params: OrgParams,
        querystring: IssueListQuerySchema,
        response: { 200: IssueListSchema },
      },
      // The schema documents the answer; it is not re-checked at runtime. The page is built by
      // `toIssue` (typed, field by field) from an upstream answer already checked with zod, and
      // re-validating it was the largest single cost of an uncached list page (bench:gateway).
      serializerCompiler: () => (data) => JSON.stringify(data),
    },
    async (request) => issues.list(request.params.org, request.query),
  );

  app.get(
    '/organizations/:org/issues/:issueId',
    {
      config: { memo: true },
      schema: { operationId: 'issues.get', tags, params: IssueParams, response: { 200: IssueDetailSchema } },
    },
    async (request) => issues.detail(request.params.org, request.params.issueId),
  );

  app.get(
    '/organizations/:org/issues/:issueId/events/:eventId',
    {
      config: { memo: true },
      schema: {
        operationId: 'issues.event',
        tags,
        params: IssueParams.extend({
          eventId: z
            .string()
            .regex(
              /^(latest|oldest|[0-9a-fA-F]{32}|[0-9a-fA-F-]{36})$/,
              'must be an event id (32 hex digits), latest or oldest',
            ),
        }),
        response: { 200: IssueEventSchema },
      },
    },
    async (request) => issues.event(request.params.org, request.params.issueId, request.params.eventId),
  );

  app.put(
    '/organizations/:org/issues/:issueId',
    {
      schema: {
        operationId: 'issues.update',
        tags,
        params: IssueParams,
        body: IssueUpdateSchema,
        response: { 200: IssueSchema },
      },
    },
    async (request) => {
      request.audit.detail = { change: request.body };
      return issues.update(request.params.org, request.params.issueId, request.body);
    },
  );

  app.post(
    '/organizations/:org/issues/merge',
    {
      schema: {
        operationId: 'issues.merge',
        tags,
        params: OrgParams,
        body: IssueMergeRequestSchema,
        response: { 200: IssueMergeResultSchema },
      },
    },
    async (request) => {
      request.audit.targets.issueIds = request.body.ids.join(',');
      const merged = await issues.merge(request.params.org, request.body.ids);
      request.audit.targets.parent = merged.parent;
      return merged;
    },
  );
};
