/** Integration secrets, sealed at rest (admins). */
import { defineFeature } from '../../platform/feature-module';
import { secretsRoutes } from './secrets-routes';

export const secretsFeature = defineFeature({
  name: 'secrets',
  create: ({ security }) => ({
    api: async (v1) => {
      await v1.register(secretsRoutes, { secrets: security.secrets });
    },
    operations: ['secrets.list', 'secrets.put', 'secrets.delete'],
  }),
});
