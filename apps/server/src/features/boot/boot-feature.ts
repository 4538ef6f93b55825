/** The web app's first read in one request (see boot-service.ts). */

import { createOrganizationsService } from '../../organization-data/organizations-service';
import { defineFeature } from '../../platform/feature-module';
import { DEXTER_VERSION } from '../../platform/platform';
import { createViewsService } from '../../saved-views/views-service';
import { bootRoutes } from './boot-routes';
import { createBootService } from './boot-service';

export const bootFeature = defineFeature({
  name: 'boot',
  create({ config, upstream, defaultOrg, db, now, log }) {
    const boot = createBootService({
      organizations: createOrganizationsService({
        sentry: upstream.client,
        mode: config.mode,
        defaultOrg,
        version: DEXTER_VERSION,
      }),
      views: createViewsService({ db, now }),
      onPartFailed: (part, error) =>
        log.warn({ err: error, part }, 'boot: a part failed; the web app reads it alone'),
    });
    return {
      api: async (v1) => {
        await v1.register(bootRoutes, { boot });
      },
      operations: ['boot.get'],
    };
  },
});
