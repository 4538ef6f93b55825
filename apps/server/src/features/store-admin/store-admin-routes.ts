/**
 * `/api/v1/store`: the built-in store's credentials, for admins: DSN keys per project and the
 * `/api/0` bearer tokens, each creatable and revocable. Registered in both modes so the route list
 * is the same everywhere; in companion mode (no built-in store) they answer 409.
 */
import {
  type StoreKey,
  StoreKeyCreateSchema,
  StoreKeyListSchema,
  StoreKeySchema,
  type StoreToken,
  StoreTokenCreatedSchema,
  StoreTokenCreateSchema,
  StoreTokenListSchema,
  StoreTokenSchema,
} from '@dexter/contracts';
import type { StoreAdmin, StoreKeyRow, StoreTokenRow } from '@dexter/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DexterError } from '../../errors/error-codes';

export interface StoreAdminRoutesDeps {
  admin: StoreAdmin | null;
  /** Base URL the DSNs are built on. */
  publicUrl: () => string;
  /** The token Dexter's gateway itself uses; revoking it would cut Dexter off its own store. */
  gatewayToken: () => string | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const toKey = (row: StoreKeyRow): StoreKey => ({
  ...row,
  projectId: String(row.projectId),
  createdAt: iso(row.createdAt)!,
  revokedAt: iso(row.revokedAt),
});
const toToken = (row: StoreTokenRow): StoreToken => ({
  ...row,
  createdAt: iso(row.createdAt)!,
  revokedAt: iso(row.revokedAt),
});
const IdParams = z.object({ id: z.coerce.number().int().positive() });

export const storeAdminRoutes: FastifyPluginAsyncZod<StoreAdminRoutesDeps> = async (app, deps) => {
  const tags = ['store'];
  const store = () => {
    if (!deps.admin)
      throw new DexterError(
        'DEXTER_ERR_NO_STORE',
        'Dexter runs in companion mode: there is no built-in store',
      );
    return deps.admin;
  };
  const found = <T>(value: T | null, what: string): T => {
    if (value === null) throw new DexterError('DEXTER_ERR_NOT_FOUND', `No ${what}`);
    return value;
  };

  app.get(
    '/store/keys',
    { schema: { operationId: 'store.keys.list', tags, response: { 200: StoreKeyListSchema } } },
    async () => ({
      keys: (await store().listKeys(deps.publicUrl())).map(toKey),
    }),
  );

  app.post(
    '/store/keys',
    {
      schema: {
        operationId: 'store.keys.create',
        tags,
        body: StoreKeyCreateSchema,
        response: { 201: StoreKeySchema },
      },
    },
    async (request, reply) => {
      const key = found(
        await store().createKey(Number(request.body.projectId), request.body.label, deps.publicUrl()),
        `project ${request.body.projectId}`,
      );
      request.audit.targets = { keyId: String(key.id), projectId: String(key.projectId) };
      return reply.code(201).send(toKey(key));
    },
  );

  app.delete(
    '/store/keys/:id',
    {
      schema: { operationId: 'store.keys.revoke', tags, params: IdParams, response: { 200: StoreKeySchema } },
    },
    async (request) =>
      toKey(found(await store().revokeKey(request.params.id, deps.publicUrl()), `key ${request.params.id}`)),
  );

  app.get(
    '/store/tokens',
    { schema: { operationId: 'store.tokens.list', tags, response: { 200: StoreTokenListSchema } } },
    async () => {
      const gateway = deps.gatewayToken();
      const gatewayId = gateway ? await store().tokenIdOf(gateway) : null;
      return {
        tokens: (await store().listTokens()).map((row) => ({
          ...toToken(row),
          usedByDexter: row.id === gatewayId,
        })),
      };
    },
  );

  app.post(
    '/store/tokens',
    {
      schema: {
        operationId: 'store.tokens.create',
        tags,
        body: StoreTokenCreateSchema,
        response: { 201: StoreTokenCreatedSchema },
      },
    },
    async (request, reply) => {
      const { token, secret } = await store().createToken(request.body.name, request.body.scopes);
      request.audit.targets = { tokenId: String(token.id) };
      request.audit.detail = { name: token.name, scopes: token.scopes };
      return reply.code(201).send({ token: toToken(token), secret });
    },
  );

  app.delete(
    '/store/tokens/:id',
    {
      schema: {
        operationId: 'store.tokens.revoke',
        tags,
        params: IdParams,
        response: { 200: StoreTokenSchema },
      },
    },
    async (request) => {
      const result = await store().revokeToken(request.params.id, deps.gatewayToken() ?? undefined);
      if (result === 'protected')
        throw new DexterError(
          'DEXTER_ERR_CONFLICT',
          "Dexter's own gateway uses this token; it cannot be revoked while Dexter runs",
        );
      return toToken(found(result, `token ${request.params.id}`));
    },
  );
};
