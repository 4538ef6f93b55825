/** `/api/v1` integration connections (admin), an issue's tickets (create, link, unlink) and vendor webhooks. */
import {
  ConnectionCreatedSchema,
  ConnectionCreateSchema,
  ConnectionListSchema,
  ConnectionParamsSchema,
  ConnectionTestSchema,
  IssueTicketParamsSchema,
  TicketCreateSchema,
  TicketLinkCreateSchema,
  TicketLinkListSchema,
  TicketLinkSchema,
} from '@dexter/contracts';
import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { IntegrationsService } from './integrations-service';

const OrgParams = z.object({ org: z.string().min(1).max(100) });
const TAGS = ['integrations'];

export const integrationsRoutes: FastifyPluginAsyncZod<{ service: IntegrationsService }> = async (
  app,
  { service },
) => {
  app.get(
    '/organizations/:org/integrations/connections',
    {
      schema: {
        operationId: 'integrations.connections.list',
        tags: TAGS,
        params: OrgParams,
        response: { 200: ConnectionListSchema },
      },
    },
    async (request) => ({ items: await service.listConnections(request.params.org) }),
  );

  app.post(
    '/organizations/:org/integrations/connections',
    {
      schema: {
        operationId: 'integrations.connections.create',
        tags: TAGS,
        params: OrgParams,
        body: ConnectionCreateSchema,
        response: { 201: ConnectionCreatedSchema },
      },
    },
    async (request, reply) => {
      const created = await service.createConnection(request.params.org, request.body);
      request.audit.targets.connectionId = created.id;
      request.audit.detail = { vendor: created.vendor, baseUrl: created.baseUrl, target: created.target };
      return reply.code(201).send(created);
    },
  );

  app.delete(
    '/organizations/:org/integrations/connections/:connectionId',
    {
      schema: {
        operationId: 'integrations.connections.delete',
        tags: TAGS,
        params: ConnectionParamsSchema,
      },
    },
    async (request, reply) => {
      await service.deleteConnection(request.params.org, request.params.connectionId);
      return reply.code(204).send();
    },
  );

  app.post(
    '/organizations/:org/integrations/connections/:connectionId/test',
    {
      schema: {
        operationId: 'integrations.connections.test',
        tags: TAGS,
        params: ConnectionParamsSchema,
        response: { 200: ConnectionTestSchema },
      },
    },
    async (request) => service.testConnection(request.params.org, request.params.connectionId),
  );

  app.get(
    '/organizations/:org/issues/:issueId/tickets',
    {
      schema: {
        operationId: 'integrations.tickets.list',
        tags: TAGS,
        params: IssueTicketParamsSchema,
        response: { 200: TicketLinkListSchema },
      },
    },
    async (request) => ({ items: await service.links(request.params.org, request.params.issueId) }),
  );

  app.post(
    '/organizations/:org/issues/:issueId/tickets',
    {
      schema: {
        operationId: 'integrations.tickets.create',
        tags: TAGS,
        params: IssueTicketParamsSchema,
        body: TicketCreateSchema,
        response: { 201: TicketLinkSchema },
      },
    },
    async (request, reply) => {
      const link = await service.createTicket(request.params.org, request.params.issueId, request.body);
      request.audit.detail = { ticket: link.key, connectionId: link.connectionId };
      return reply.code(201).send(link);
    },
  );

  app.post(
    '/organizations/:org/issues/:issueId/ticket-links',
    {
      schema: {
        operationId: 'integrations.tickets.link',
        tags: TAGS,
        params: IssueTicketParamsSchema,
        body: TicketLinkCreateSchema,
        response: { 201: TicketLinkSchema },
      },
    },
    async (request, reply) => {
      const link = await service.linkTicket(request.params.org, request.params.issueId, request.body);
      request.audit.detail = { ticket: link.key, connectionId: link.connectionId };
      return reply.code(201).send(link);
    },
  );

  app.delete(
    '/organizations/:org/issues/:issueId/ticket-links/:linkId',
    {
      schema: {
        operationId: 'integrations.tickets.unlink',
        tags: TAGS,
        params: IssueTicketParamsSchema.extend({
          linkId: z.string().regex(/^\d{1,12}$/, 'must be a numeric link id'),
        }),
      },
    },
    async (request, reply) => {
      await service.unlink(request.params.org, request.params.issueId, request.params.linkId);
      return reply.code(204).send();
    },
  );
};

export const WEBHOOK_BODY_LIMIT = 1024 * 1024;

/** Vendor deliveries: verified over the raw bytes, so this scope keeps JSON bodies unparsed. */
export async function integrationWebhookRoutes(
  app: FastifyInstance,
  { service }: { service: IntegrationsService },
): Promise<void> {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, body),
  );

  app.post<{ Params: { connectionId: string } }>(
    '/webhooks/integrations/:connectionId',
    {
      bodyLimit: WEBHOOK_BODY_LIMIT,
      config: { rateLimit: { max: 6_000, timeWindow: 60_000 } },
      schema: {
        operationId: 'integrations.webhook',
        tags: TAGS,
        summary: 'GitHub, Jira and Linear webhooks (signed with the connection webhook secret)',
        response: {
          200: z.object({
            accepted: z.boolean(),
            duplicate: z.boolean(),
            updatedLinks: z.number(),
            resolvedIssues: z.array(z.string()),
          }),
        },
      },
    },
    async (request) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const result = await service.receiveWebhook(request.params.connectionId, request.headers, raw);
      return { accepted: true, ...result };
    },
  );
}
