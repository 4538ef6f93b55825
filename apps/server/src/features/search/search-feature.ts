/** Search suggestions: keys, values and operators of the issue search as the user types. */

import { dialectFor } from '../../issue-search/search-upstream';
import { defineFeature } from '../../platform/feature-module';
import { searchRoutes } from './search-routes';
import { createSearchSuggestionsService } from './search-suggestions-service';

export const searchFeature = defineFeature({
  name: 'search',
  create({ config, upstream }) {
    const suggestions = createSearchSuggestionsService({
      sentry: upstream.client,
      dialect: dialectFor(config.mode),
    });
    return {
      api: async (v1) => {
        await v1.register(searchRoutes, { suggestions });
      },
      operations: ['search.suggestions'],
    };
  },
});
