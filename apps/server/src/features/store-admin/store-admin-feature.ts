/** The built-in store's DSN keys and API tokens (admins); 404 in companion mode. */
import { defineFeature } from '../../platform/feature-module';
import { storeAdminRoutes } from './store-admin-routes';

export const storeAdminFeature = defineFeature({
  name: 'store-admin',
  create: ({ store, publicUrl, gatewayToken }) => ({
    api: async (v1) => {
      await v1.register(storeAdminRoutes, { admin: store?.admin ?? null, publicUrl, gatewayToken });
    },
    operations: [
      'store.keys.list',
      'store.keys.create',
      'store.keys.revoke',
      'store.tokens.list',
      'store.tokens.create',
      'store.tokens.revoke',
    ],
  }),
});
