/** Personal API tokens. */
import { defineFeature } from '../../platform/feature-module';
import { tokensRoutes } from './tokens-routes';

export const tokensFeature = defineFeature({
  name: 'tokens',
  create: ({ security }) => ({
    api: async (v1) => {
      await v1.register(tokensRoutes, { tokens: security.tokens });
    },
    operations: ['tokens.list', 'tokens.create', 'tokens.revoke'],
  }),
});
