/**
 * Traces (issue 17): the distributed trace waterfall, read through the upstream pipeline in both
 * modes (sentry.io's and the built-in store's `organizations/{org}/trace/{trace_id}/`).
 */
import { defineFeature } from '../../platform/feature-module';
import { tracesRoutes } from './traces-routes';
import { createTracesService } from './traces-service';

export const tracesFeature = defineFeature({
  name: 'traces',
  create({ upstream }) {
    const traces = createTracesService({ sentry: upstream.client });
    return {
      api: async (v1) => {
        await v1.register(tracesRoutes, { traces });
      },
      operations: ['traces.get'],
    };
  },
});
