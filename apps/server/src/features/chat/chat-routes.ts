/** `/api/v1` chat connections and routes (admin) and the endpoints Slack calls (signed, public). */
import {
  ChatConnectionCreateSchema,
  ChatConnectionListSchema,
  ChatConnectionParamsSchema,
  ChatConnectionSchema,
  type ChatDelivery,
  ChatDeliveryListSchema,
  ChatDeliveryQuerySchema,
  ChatRouteCreateSchema,
  ChatRouteListSchema,
  ChatRouteSchema,
  ChatTestResultSchema,
} from '@dexter/contracts';
import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DexterError } from '../../errors/error-codes';
import type { ChatConnections } from './chat-connections';
import type { ChatDeliveryRow, ChatOutbox } from './chat-outbox';
import type { SlackCommands } from './slack-commands';
import type { SlackInteractions } from './slack-interactions';
import type { TeamsOutgoing } from './teams-outgoing';

const OrgParams = z.object({ org: z.string().min(1).max(100) });
const TAGS = ['chat'];

const iso = (at: number | null) => (at === null ? null : new Date(Number(at)).toISOString());
const toDelivery = (row: ChatDeliveryRow): ChatDelivery => ({
  id: String(row.id),
  connectionId: String(row.connection_id),
  channel: row.channel,
  kind: row.kind,
  issueId: row.issue_id,
  reason: row.reason,
  status: row.status,
  attempts: Number(row.attempts),
  lastError: row.last_error,
  nextAttemptAt: iso(row.next_attempt_at)!,
  createdAt: iso(row.created_at)!,
  deliveredAt: iso(row.delivered_at),
});

export const chatRoutes: FastifyPluginAsyncZod<{ connections: ChatConnections; outbox: ChatOutbox }> = async (
  app,
  { connections, outbox },
) => {
  app.get(
    '/organizations/:org/chat/deliveries',
    {
      schema: {
        operationId: 'chat.deliveries.list',
        tags: TAGS,
        params: OrgParams,
        querystring: ChatDeliveryQuerySchema,
        response: { 200: ChatDeliveryListSchema },
      },
    },
    async (request) => ({
      items: (await outbox.list({ org: request.params.org, ...request.query })).map(toDelivery),
    }),
  );

  app.post(
    '/organizations/:org/chat/deliveries/:deliveryId/retry',
    {
      schema: {
        operationId: 'chat.deliveries.retry',
        tags: TAGS,
        params: OrgParams.extend({
          deliveryId: z.string().regex(/^\d{1,12}$/, 'must be a numeric delivery id'),
        }),
      },
    },
    async (request, reply) => {
      if (!(await outbox.requeue(request.params.org, Number(request.params.deliveryId))))
        throw new DexterError('DEXTER_ERR_NOT_FOUND', `No dead chat message ${request.params.deliveryId}`);
      return reply.code(202).send();
    },
  );

  app.get(
    '/organizations/:org/chat/connections',
    {
      schema: {
        operationId: 'chat.connections.list',
        tags: TAGS,
        params: OrgParams,
        response: { 200: ChatConnectionListSchema },
      },
    },
    async (request) => ({ items: await connections.list(request.params.org) }),
  );

  app.post(
    '/organizations/:org/chat/connections',
    {
      schema: {
        operationId: 'chat.connections.create',
        tags: TAGS,
        params: OrgParams,
        body: ChatConnectionCreateSchema,
        response: { 201: ChatConnectionSchema },
      },
    },
    async (request, reply) => {
      const created = await connections.create(request.params.org, request.body);
      request.audit.targets.connectionId = created.id;
      request.audit.detail = { kind: created.kind, name: created.name, apiUrl: created.apiUrl };
      return reply.code(201).send(created);
    },
  );

  app.delete(
    '/organizations/:org/chat/connections/:connectionId',
    { schema: { operationId: 'chat.connections.delete', tags: TAGS, params: ChatConnectionParamsSchema } },
    async (request, reply) => {
      await connections.remove(request.params.org, Number(request.params.connectionId));
      return reply.code(204).send();
    },
  );

  app.post(
    '/organizations/:org/chat/connections/:connectionId/test',
    {
      schema: {
        operationId: 'chat.connections.test',
        tags: TAGS,
        params: ChatConnectionParamsSchema,
        response: { 200: ChatTestResultSchema },
      },
    },
    async (request) => connections.test(request.params.org, Number(request.params.connectionId)),
  );

  app.get(
    '/organizations/:org/chat/routes',
    {
      schema: {
        operationId: 'chat.routes.list',
        tags: TAGS,
        params: OrgParams,
        response: { 200: ChatRouteListSchema },
      },
    },
    async (request) => ({ items: await connections.routes(request.params.org) }),
  );

  app.post(
    '/organizations/:org/chat/routes',
    {
      schema: {
        operationId: 'chat.routes.create',
        tags: TAGS,
        params: OrgParams,
        body: ChatRouteCreateSchema,
        response: { 201: ChatRouteSchema },
      },
    },
    async (request, reply) => {
      const route = await connections.addRoute(request.params.org, request.body);
      request.audit.detail = {
        project: route.project,
        team: route.team,
        alertRule: route.alertRule,
        channel: route.channel,
        connectionId: route.connectionId,
        quietHours: route.quietHours,
        digest: route.digest,
      };
      return reply.code(201).send(route);
    },
  );

  app.delete(
    '/organizations/:org/chat/routes/:routeId',
    {
      schema: {
        operationId: 'chat.routes.delete',
        tags: TAGS,
        params: OrgParams.extend({ routeId: z.string().regex(/^\d{1,12}$/, 'must be a numeric route id') }),
      },
    },
    async (request, reply) => {
      await connections.removeRoute(request.params.org, Number(request.params.routeId));
      return reply.code(204).send();
    },
  );
};

export const SLACK_BODY_LIMIT = 256 * 1024;

/** Slack's and Teams' requests: verified over the raw bytes, so this scope keeps form and JSON bodies unparsed. */
export async function slackRoutes(
  app: FastifyInstance,
  { slack, teams, commands }: { slack: SlackInteractions; teams: TeamsOutgoing; commands: SlackCommands },
): Promise<void> {
  for (const type of ['application/json', 'application/x-www-form-urlencoded']) {
    if (app.hasContentTypeParser(type)) app.removeContentTypeParser(type);
    app.addContentTypeParser(type, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  }
  const raw = (body: unknown) => (Buffer.isBuffer(body) ? body : Buffer.alloc(0));
  const limits = { bodyLimit: SLACK_BODY_LIMIT, config: { rateLimit: { max: 6_000, timeWindow: 60_000 } } };

  app.post<{ Params: { connectionId: string } }>(
    '/chat/slack/:connectionId/interactivity',
    {
      ...limits,
      schema: {
        operationId: 'chat.slack.interactivity',
        tags: TAGS,
        summary: 'Slack interactivity (block_actions), signed with the connection signing secret',
        response: { 200: z.object({ handled: z.string() }) },
      },
    },
    async (request) => slack.interaction(request.params.connectionId, request.headers, raw(request.body)),
  );

  app.post<{ Params: { connectionId: string } }>(
    '/chat/slack/:connectionId/events',
    {
      ...limits,
      schema: {
        operationId: 'chat.slack.events',
        tags: TAGS,
        summary:
          'Slack Events API (url_verification, thread replies), signed with the connection signing secret',
        response: { 200: z.object({ handled: z.string(), challenge: z.string().optional() }) },
      },
    },
    async (request) => slack.event(request.params.connectionId, request.headers, raw(request.body)),
  );

  app.post<{ Params: { connectionId: string } }>(
    '/chat/slack/:connectionId/commands',
    {
      ...limits,
      schema: {
        operationId: 'chat.slack.commands',
        tags: TAGS,
        summary:
          'The /dexter slash command (search, show, mine), signed like interactivity; answered ephemeral',
        response: {
          200: z.object({
            response_type: z.literal('ephemeral'),
            text: z.string(),
            blocks: z.array(z.object({}).passthrough()).optional(),
          }),
        },
      },
    },
    async (request) => commands.command(request.params.connectionId, request.headers, raw(request.body)),
  );

  app.post<{ Params: { connectionId: string } }>(
    '/chat/teams/:connectionId/outgoing',
    {
      ...limits,
      schema: {
        operationId: 'chat.teams.outgoing',
        tags: TAGS,
        summary: 'Teams outgoing webhook (an @mention), signed with HMAC by the connection security token',
        response: { 200: z.object({ type: z.literal('message') }).passthrough() },
      },
    },
    async (request) =>
      teams.command(request.params.connectionId, request.headers.authorization, raw(request.body)),
  );
}
