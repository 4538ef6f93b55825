/**
 * Dexter's OpenAPI document, generated from the zod schemas of its routes: JSON at
 * `/api/docs/openapi.json` (a stable path for tools) and the Swagger UI at `/api/docs`.
 */
import { customJsonSchemaOf } from '@dexter/contracts';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createJsonSchemaTransform } from 'fastify-type-provider-zod';

// Contract schemas zod cannot describe (a hand-checked sparkline) bring their own JSON Schema.
const jsonSchemaTransform = createJsonSchemaTransform({
  zodToJsonConfig: { unrepresentable: ({ zodSchema }) => customJsonSchemaOf(zodSchema) },
});

export const openApiPlugin = fp(async (app: FastifyInstance, { version }: { version: string }) => {
  await app.register(swagger, {
    openapi: {
      info: { title: 'Dexter API', version, description: 'Triage cockpit for Sentry' },
      servers: [],
    },
    // The document describes Dexter's own API; the built-in store's Sentry paths are Sentry's.
    transform: (input) =>
      input.url.startsWith('/api/v1')
        ? jsonSchemaTransform(input)
        : { schema: { ...input.schema, hide: true }, url: input.url },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/docs/openapi.json', { schema: { hide: true } }, async () => app.swagger());
});
