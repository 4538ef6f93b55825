/** `/api/v1/secrets`: admins store, list (never read back) and delete secrets by name. */
import { SecretListSchema, SecretNameSchema, SecretPutSchema, SecretSummarySchema } from '@dexter/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SecretsService } from '../../security/secrets/secrets-service';
import { redactUrlCredentials } from '../../security/secrets/url-credentials';

const NameParams = z.object({ name: SecretNameSchema });

export const secretsRoutes: FastifyPluginAsyncZod<{ secrets: SecretsService }> = async (app, { secrets }) => {
  const tags = ['secrets'];

  app.get(
    '/secrets',
    { schema: { operationId: 'secrets.list', tags, response: { 200: SecretListSchema } } },
    async () => ({ secrets: await secrets.list() }),
  );

  app.put(
    '/secrets/:name',
    {
      bodyLimit: 16 * 1024,
      schema: {
        operationId: 'secrets.put',
        tags,
        params: NameParams,
        body: SecretPutSchema,
        response: { 200: SecretSummarySchema },
      },
    },
    async (request) => {
      // The audit log shows the address, never credentials inside it.
      if (request.body.url) request.audit.detail = { url: redactUrlCredentials(request.body.url) };
      return secrets.put(request.params.name, request.body.value, request.body.url ?? null);
    },
  );

  app.delete(
    '/secrets/:name',
    { schema: { operationId: 'secrets.delete', tags, params: NameParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await secrets.delete(request.params.name);
      return reply.code(204).send(null);
    },
  );
};
