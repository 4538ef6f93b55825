/**
 * `/api/v1` routes around one issue's triage: comments (list, add, edit, delete) and the assignee
 * picker's members and teams.
 */
import {
  IssueCommentBodySchema,
  IssueCommentListSchema,
  IssueCommentSchema,
  OrganizationMemberListSchema,
  OrganizationTeamListSchema,
  PageQuerySchema,
} from '@dexter/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DexterError } from '../../errors/error-codes';
import type { CommentActor } from './comment-authors';
import type { IssueTriageService } from './issue-triage-service';
import { IssueParams, OrgParams } from './issues-routes';

const NoteParams = IssueParams.extend({
  noteId: z.string().regex(/^\d{1,20}$/, 'must be a numeric comment id'),
});

function actorOf(request: FastifyRequest): CommentActor {
  const principal = request.principal;
  // The access-control plugin admits no anonymous caller to these routes.
  if (!principal) throw new DexterError('DEXTER_ERR_UNAUTHENTICATED', 'Sign in, or send a valid API token');
  return { id: principal.user.id, role: principal.role };
}

export const issueTriageRoutes: FastifyPluginAsyncZod<{ triage: IssueTriageService }> = async (
  app,
  { triage },
) => {
  const tags = ['issues'];
  const comments = '/organizations/:org/issues/:issueId/comments';

  app.get(
    comments,
    {
      schema: {
        operationId: 'issues.comments.list',
        tags,
        params: IssueParams,
        querystring: PageQuerySchema.pick({ cursor: true }),
        response: { 200: IssueCommentListSchema },
      },
    },
    async (request) =>
      triage.comments(request.params.org, request.params.issueId, request.query.cursor, actorOf(request)),
  );

  app.post(
    comments,
    {
      schema: {
        operationId: 'issues.comments.create',
        tags,
        params: IssueParams,
        body: IssueCommentBodySchema,
        response: { 201: IssueCommentSchema },
      },
    },
    async (request, reply) => {
      const { org, issueId } = request.params;
      const comment = await triage.addComment(org, issueId, request.body.text, actorOf(request));
      request.audit.targets.noteId = comment.id;
      return reply.code(201).send(comment);
    },
  );

  app.put(
    `${comments}/:noteId`,
    {
      schema: {
        operationId: 'issues.comments.update',
        tags,
        params: NoteParams,
        body: IssueCommentBodySchema,
        response: { 200: IssueCommentSchema },
      },
    },
    async (request) => {
      const { org, issueId, noteId } = request.params;
      return triage.editComment(org, issueId, noteId, request.body.text, actorOf(request));
    },
  );

  app.delete(
    `${comments}/:noteId`,
    { schema: { operationId: 'issues.comments.delete', tags, params: NoteParams } },
    async (request, reply) => {
      const { org, issueId, noteId } = request.params;
      await triage.deleteComment(org, issueId, noteId, actorOf(request));
      return reply.code(204).send();
    },
  );

  app.get(
    '/organizations/:org/members',
    {
      schema: {
        operationId: 'organizations.members',
        tags: ['organizations'],
        params: OrgParams,
        querystring: PageQuerySchema,
        response: { 200: OrganizationMemberListSchema },
      },
    },
    async (request) => triage.members(request.params.org, request.query),
  );

  app.get(
    '/organizations/:org/teams',
    {
      schema: {
        operationId: 'organizations.teams',
        tags: ['organizations'],
        params: OrgParams,
        querystring: PageQuerySchema,
        response: { 200: OrganizationTeamListSchema },
      },
    },
    async (request) => triage.teams(request.params.org, request.query),
  );
};
