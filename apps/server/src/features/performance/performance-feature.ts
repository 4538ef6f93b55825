/**
 * Performance (issue 17): the transactions overview, a transaction's summary and the service
 * dependency graph, read from `dataset=spans` and the trace endpoint through the upstream
 * pipeline in both modes (sentry.io, or the built-in store).
 */
import { defineFeature } from '../../platform/feature-module';
import { performanceRoutes } from './performance-routes';
import { createPerformanceService } from './performance-service';
import { createServiceGraph } from './service-graph';
import { createSpanQueries } from './span-queries';

export const performanceFeature = defineFeature({
  name: 'performance',
  create({ upstream, now }) {
    const spans = createSpanQueries(upstream.client);
    const performance = createPerformanceService({ spans, now });
    const serviceGraph = createServiceGraph({ spans, sentry: upstream.client, now });
    return {
      api: async (v1) => {
        await v1.register(performanceRoutes, { performance, serviceGraph });
      },
      operations: ['performance.transactions', 'performance.summary', 'performance.serviceGraph'],
    };
  },
});
