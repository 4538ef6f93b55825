/** The built-in store's projects, DSN keys and API tokens (admins); 409 in companion mode. */
import { defineFeature } from '../../platform/feature-module';
import { cacheTags } from '../../upstream/cache-tags';
import { storeAdminRoutes } from './store-admin-routes';
import { storeProjectRoutes } from './store-project-routes';

export const storeAdminFeature = defineFeature({
  name: 'store-admin',
  create: ({ store, publicUrl, gatewayToken, upstream }) => ({
    api: async (v1) => {
      await v1.register(storeAdminRoutes, { admin: store?.admin ?? null, publicUrl, gatewayToken });
      await v1.register(storeProjectRoutes, {
        admin: store?.admin ?? null,
        publicUrl,
        freshenProjects: () => upstream.pipeline.cacheStore.bumpTags([cacheTags.projects]),
      });
    },
    operations: [
      'store.projects.list',
      'store.projects.create',
      'store.projects.keys',
      'store.keys.rotate',
      'store.keys.list',
      'store.keys.create',
      'store.keys.revoke',
      'store.tokens.list',
      'store.tokens.create',
      'store.tokens.revoke',
    ],
  }),
});
