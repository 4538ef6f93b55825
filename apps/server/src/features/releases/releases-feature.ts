/** Releases and their deploys, read through the upstream pipeline in both modes. */
import { defineFeature } from '../../platform/feature-module';
import { releasesRoutes } from './releases-routes';
import { createReleasesService } from './releases-service';

export const releasesFeature = defineFeature({
  name: 'releases',
  create({ upstream }) {
    const releases = createReleasesService({ sentry: upstream.client });
    return {
      api: async (v1) => {
        await v1.register(releasesRoutes, { releases });
      },
      operations: ['releases.list', 'releases.get'],
    };
  },
});
