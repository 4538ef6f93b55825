/**
 * Export of any result set, or of an issue's events, as CSV, JSON or NDJSON: streamed, no row
 * cap. A running export stops when Dexter stops.
 */
import { setMaxListeners } from 'node:events';
import { createIssueSearch } from '../../issue-search/issue-search-service';
import { dialectFor } from '../../issue-search/search-upstream';
import { defineFeature } from '../../platform/feature-module';
import { exportRoutes } from './export-routes';
import { createExportService } from './export-service';

export const exportFeature = defineFeature({
  name: 'export',
  create({ config, upstream }) {
    const sentry = upstream.client;
    const stopping = new AbortController();
    // Every call of every running export listens on it, each removing itself when done.
    setMaxListeners(0, stopping.signal);
    const exports = createExportService({
      sentry,
      search: createIssueSearch({
        sentry,
        dialect: dialectFor(config.mode),
      }),
      freshen: (tags) => upstream.pipeline.cacheStore.bumpTags(tags),
      shutdown: stopping.signal,
    });
    return {
      api: async (v1) => {
        await v1.register(exportRoutes, { exports });
      },
      operations: ['issues.export', 'events.export'],
      stop() {
        stopping.abort(new Error('Dexter is stopping'));
      },
    };
  },
});
