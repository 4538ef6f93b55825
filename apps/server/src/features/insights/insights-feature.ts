/**
 * Insights (issue 20): the geographic impact map for now; business-metric correlation, error
 * categories and patterns join this module as they land. Read through the upstream pipeline in
 * both modes.
 */
import { createIssueSearch } from '../../issue-search/issue-search-service';
import { dialectFor } from '../../issue-search/search-upstream';
import { defineFeature } from '../../platform/feature-module';
import { geoRoutes } from './geo-routes';
import { createGeoService } from './geo-service';

export const insightsFeature = defineFeature({
  name: 'insights',
  create({ upstream, config, now }) {
    const sentry = upstream.client;
    const search = createIssueSearch({ sentry, dialect: dialectFor(config.mode), now });
    const geo = createGeoService({ sentry, search });
    return {
      api: async (v1) => {
        await v1.register(geoRoutes, { geo });
      },
      operations: ['insights.geo', 'insights.issueGeo'],
    };
  },
});
