/**
 * `/api/v1/tokens`: a user's own personal API tokens. Only a browser session manages tokens, so a
 * leaked token cannot mint itself successors. The secret is in the creation answer only.
 */
import {
  ApiTokenCreatedSchema,
  ApiTokenCreateSchema,
  ApiTokenListSchema,
  ApiTokenSchema,
} from '@dexter/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TokensService } from '../../security/accounts/tokens-service';

const TokenParams = z.object({ tokenId: z.coerce.number().int().positive() });

export const tokensRoutes: FastifyPluginAsyncZod<{ tokens: TokensService }> = async (app, { tokens }) => {
  const config = { sessionOnly: true };
  const tags = ['tokens'];

  app.get(
    '/tokens',
    { config, schema: { operationId: 'tokens.list', tags, response: { 200: ApiTokenListSchema } } },
    async (request) => ({ tokens: await tokens.list(request.principal!.user.id) }),
  );

  app.post(
    '/tokens',
    {
      config,
      schema: {
        operationId: 'tokens.create',
        tags,
        body: ApiTokenCreateSchema,
        response: { 201: ApiTokenCreatedSchema },
      },
    },
    async (request, reply) => {
      const created = await tokens.create(request.principal!.user, request.body);
      request.audit.targets.tokenId = String(created.token.id);
      request.audit.detail = {
        name: created.token.name,
        role: created.token.role,
        expiresAt: created.token.expiresAt,
      };
      return reply.code(201).send(created);
    },
  );

  app.delete(
    '/tokens/:tokenId',
    {
      config,
      schema: { operationId: 'tokens.revoke', tags, params: TokenParams, response: { 200: ApiTokenSchema } },
    },
    async (request) => tokens.revoke(request.principal!.user, request.params.tokenId),
  );
};
