/**
 * Releases, their deploys, insights and timeline, read through the upstream pipeline in both
 * modes (the built-in store over HTTP, or Sentry).
 */
import { createIssueSearch } from '../../issue-search/issue-search-service';
import { dialectFor } from '../../issue-search/search-upstream';
import { defineFeature } from '../../platform/feature-module';
import { createInsightsService } from './release-insights-service';
import { releaseTimelineRoutes } from './release-timeline-routes';
import { createTimelineService } from './release-timeline-service';
import { releasesRoutes } from './releases-routes';
import { createReleasesService } from './releases-service';

export const releasesFeature = defineFeature({
  name: 'releases',
  create({ upstream, config, now }) {
    const sentry = upstream.client;
    const releases = createReleasesService({ sentry });
    const search = createIssueSearch({ sentry, dialect: dialectFor(config.mode), now });
    const insights = createInsightsService({ sentry, search, now });
    const timeline = createTimelineService({ sentry, now });
    return {
      api: async (v1) => {
        await v1.register(releasesRoutes, { releases, insights });
        await v1.register(releaseTimelineRoutes, { timeline });
      },
      operations: [
        'releases.list',
        'releases.get',
        'releases.insights',
        'releases.timeline',
        'releases.issueTimeline',
      ],
    };
  },
});
