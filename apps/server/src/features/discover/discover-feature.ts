/**
 * Discover (issue 16): event queries with aggregates and series, and their export, through the
 * upstream pipeline in both modes (Sentry's `events/` and `events-stats/`, or the built-in
 * store's, which answers the same endpoints), and saved queries in Dexter's own database.
 */
import { setMaxListeners } from 'node:events';
import { defineFeature } from '../../platform/feature-module';
import { discoverRoutes } from './discover-routes';
import { discoverSavedRoutes } from './discover-saved-routes';
import { createSavedQueriesService } from './discover-saved-service';
import { createDiscoverService } from './discover-service';

export const discoverFeature = defineFeature({
  name: 'discover',
  create({ upstream, db, now }) {
    const stopping = new AbortController();
    // Every page of every running export listens on it, each removing itself when done.
    setMaxListeners(0, stopping.signal);
    const discover = createDiscoverService({ sentry: upstream.client, now, shutdown: stopping.signal });
    return {
      api: async (v1) => {
        await v1.register(discoverRoutes, { discover });
        await v1.register(discoverSavedRoutes, { saved: createSavedQueriesService({ db, now }) });
      },
      operations: [
        'discover.table',
        'discover.series',
        'discover.export',
        'discover.saved.list',
        'discover.saved.get',
        'discover.saved.create',
        'discover.saved.update',
        'discover.saved.delete',
      ],
      stop() {
        stopping.abort(new Error('Dexter is stopping'));
      },
    };
  },
});
