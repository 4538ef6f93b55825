/** User accounts and roles (admins). In standalone mode accounts are the store's members too. */
import { defineFeature } from '../../platform/feature-module';
import { cacheTags } from '../../upstream/cache-tags';
import { createStoreMemberSync } from './store-members';
import { usersRoutes } from './users-routes';

export const usersFeature = defineFeature({
  name: 'users',
  create: ({ security, store, upstream, log }) => {
    const members = store
      ? createStoreMemberSync({
          listUsers: () => security.users.list(),
          syncMembers: (people) => store.admin.syncMembers(people),
          freshen: () => upstream.pipeline.cacheStore.bumpTags([cacheTags.members]),
        })
      : null;
    const syncMembers = async () => {
      await members?.sync().catch((error: unknown) => log.warn({ err: error }, 'store members not synced'));
    };
    return {
      api: async (v1) => {
        await v1.register(usersRoutes, { users: security.users, onAccountsChanged: syncMembers });
      },
      operations: ['users.list', 'users.create', 'users.update', 'users.resetPassword'],
      start: syncMembers,
    };
  },
});
