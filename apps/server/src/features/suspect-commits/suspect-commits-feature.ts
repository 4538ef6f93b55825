/** Suspect commits of an issue, read through the upstream pipeline in both modes. */
import { defineFeature } from '../../platform/feature-module';
import { suspectCommitsRoutes } from './suspect-commits-routes';
import { createSuspectCommitsService } from './suspect-commits-service';

export const suspectCommitsFeature = defineFeature({
  name: 'suspect-commits',
  create({ upstream }) {
    const suspects = createSuspectCommitsService({ sentry: upstream.client });
    return {
      api: async (v1) => {
        await v1.register(suspectCommitsRoutes, { suspects });
      },
      operations: ['suspectCommits.get'],
    };
  },
});
