/** Liveness and readiness probes, outside `/api/v1`: readiness asks the upstream. */
import { defineFeature } from '../../platform/feature-module';
import { healthRoutes } from './health-routes';

export const healthFeature = defineFeature({
  name: 'health',
  create({ upstream, defaultOrg }) {
    const sentry = upstream.client;
    return {
      root: async (app) => {
        await app.register(healthRoutes, {
          checkUpstream: async () => {
            const org = defaultOrg();
            if (org) await sentry.organizations.get(org);
            else await sentry.organizations.list();
          },
        });
      },
    };
  },
});
