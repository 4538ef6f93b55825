/** `/api/v1` per-project ticket defaults of a connection, and its webhook secret (shown again, rotated). */
import {
  ConnectionParamsSchema,
  ProjectDefaultsInputSchema,
  ProjectDefaultsListSchema,
  ProjectDefaultsParamsSchema,
  ProjectDefaultsSchema,
  WebhookSecretSchema,
} from '@dexter/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { IntegrationsService } from './integrations-service';

const TAGS = ['integrations'];
const BASE = '/organizations/:org/integrations/connections/:connectionId';

export const connectionSettingsRoutes: FastifyPluginAsyncZod<{ service: IntegrationsService }> = async (
  app,
  { service },
) => {
  app.get(
    `${BASE}/defaults`,
    {
      schema: {
        operationId: 'integrations.defaults.list',
        tags: TAGS,
        params: ConnectionParamsSchema,
        response: { 200: ProjectDefaultsListSchema },
      },
    },
    async (request) => ({
      items: await service.projectDefaults(request.params.org, request.params.connectionId),
    }),
  );

  app.put(
    `${BASE}/defaults/:project`,
    {
      schema: {
        operationId: 'integrations.defaults.put',
        tags: TAGS,
        params: ProjectDefaultsParamsSchema,
        body: ProjectDefaultsInputSchema,
        response: { 200: ProjectDefaultsSchema },
      },
    },
    async (request) => {
      const { org, connectionId, project } = request.params;
      const saved = await service.putProjectDefaults(org, connectionId, project, request.body);
      request.audit.detail = { target: saved.target, labels: saved.labels, assignee: saved.assignee };
      return saved;
    },
  );

  app.delete(
    `${BASE}/defaults/:project`,
    {
      schema: {
        operationId: 'integrations.defaults.delete',
        tags: TAGS,
        params: ProjectDefaultsParamsSchema,
      },
    },
    async (request, reply) => {
      const { org, connectionId, project } = request.params;
      await service.deleteProjectDefaults(org, connectionId, project);
      return reply.code(204).send();
    },
  );

  app.get(
    `${BASE}/webhook-secret`,
    {
      // A read, but of a secret: written to the audit log like a change.
      config: { audit: true },
      schema: {
        operationId: 'integrations.webhookSecret.show',
        tags: TAGS,
        params: ConnectionParamsSchema,
        response: { 200: WebhookSecretSchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return service.webhookSecret(request.params.org, request.params.connectionId);
    },
  );

  app.post(
    `${BASE}/webhook-secret/rotate`,
    {
      schema: {
        operationId: 'integrations.webhookSecret.rotate',
        tags: TAGS,
        params: ConnectionParamsSchema,
        response: { 200: WebhookSecretSchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return service.rotateWebhookSecret(request.params.org, request.params.connectionId);
    },
  );
};
