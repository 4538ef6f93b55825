/** `/api/v1/users`: accounts, for admins. New accounts and resets answer with a one-time password. */
import {
  UserCreateSchema,
  UserListSchema,
  UserSchema,
  UserUpdateSchema,
  UserWithPasswordSchema,
} from '@dexter/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { UsersService } from '../../security/accounts/users-service';

const UserParams = z.object({ userId: z.coerce.number().int().positive() });

export interface UsersRoutesDeps {
  users: UsersService;
  /** After an account is created or changed (standalone mode: the store's members follow). */
  onAccountsChanged?: () => Promise<void>;
}

export const usersRoutes: FastifyPluginAsyncZod<UsersRoutesDeps> = async (
  app,
  { users, onAccountsChanged },
) => {
  const tags = ['users'];

  app.get(
    '/users',
    { schema: { operationId: 'users.list', tags, response: { 200: UserListSchema } } },
    async () => ({ users: await users.list() }),
  );

  app.post(
    '/users',
    {
      schema: {
        operationId: 'users.create',
        tags,
        body: UserCreateSchema,
        response: { 201: UserWithPasswordSchema },
      },
    },
    async (request, reply) => {
      const created = await users.create(request.body);
      request.audit.targets.userId = String(created.user.id);
      request.audit.detail = { username: created.user.username, role: created.user.role };
      await onAccountsChanged?.();
      return reply.code(201).send(created);
    },
  );

  app.patch(
    '/users/:userId',
    {
      schema: {
        operationId: 'users.update',
        tags,
        params: UserParams,
        body: UserUpdateSchema,
        response: { 200: UserSchema },
      },
    },
    async (request) => {
      request.audit.detail = { ...request.body };
      const updated = await users.update(request.params.userId, request.body);
      await onAccountsChanged?.();
      return updated;
    },
  );

  app.post(
    '/users/:userId/password-reset',
    {
      schema: {
        operationId: 'users.resetPassword',
        tags,
        params: UserParams,
        response: { 200: UserWithPasswordSchema },
      },
    },
    async (request) => users.resetPassword(request.params.userId),
  );
};
