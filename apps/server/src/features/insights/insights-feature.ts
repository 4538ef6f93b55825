/**
 * Insights (issue 20): the geographic impact map and patterns (spikes, periodic and co-occurring
 * issues); business-metric correlation is its own module. Read through the upstream pipeline in
 * both modes.
 */
import { createIssueSearch } from '../../issue-search/issue-search-service';
import { dialectFor } from '../../issue-search/search-upstream';
import { defineFeature } from '../../platform/feature-module';
import { geoRoutes } from './geo-routes';
import { createGeoService } from './geo-service';
import { patternsRoutes } from './patterns/patterns-routes';
import { createPatternsService } from './patterns/patterns-service';

export const insightsFeature = defineFeature({
  name: 'insights',
  create({ upstream, config, now }) {
    const sentry = upstream.client;
    const search = createIssueSearch({ sentry, dialect: dialectFor(config.mode), now });
    const geo = createGeoService({ sentry, search });
    const patterns = createPatternsService({ sentry, search, now });
    return {
      api: async (v1) => {
        await v1.register(geoRoutes, { geo });
        await v1.register(patternsRoutes, { patterns });
      },
      operations: ['insights.geo', 'insights.issueGeo', 'insights.patterns'],
    };
  },
});
