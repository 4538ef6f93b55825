/** Organizations and projects as the web app needs them, and the meta the UI starts from. */

import { createOrganizationsService } from '../../organization-data/organizations-service';
import { defineFeature } from '../../platform/feature-module';
import { DEXTER_VERSION } from '../../platform/platform';
import { organizationsRoutes } from './organizations-routes';

export const organizationsFeature = defineFeature({
  name: 'organizations',
  create({ config, upstream, defaultOrg }) {
    const organizations = createOrganizationsService({
      sentry: upstream.client,
      mode: config.mode,
      defaultOrg,
      version: DEXTER_VERSION,
    });
    return {
      api: async (v1) => {
        await v1.register(organizationsRoutes, { organizations });
      },
      operations: ['meta.get', 'organizations.list', 'projects.list'],
    };
  },
});
