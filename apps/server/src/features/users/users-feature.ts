/** User accounts and roles (admins). */
import { defineFeature } from '../../platform/feature-module';
import { usersRoutes } from './users-routes';

export const usersFeature = defineFeature({
  name: 'users',
  create: ({ security }) => ({
    api: async (v1) => {
      await v1.register(usersRoutes, { users: security.users });
    },
    operations: ['users.list', 'users.create', 'users.update', 'users.resetPassword'],
  }),
});
