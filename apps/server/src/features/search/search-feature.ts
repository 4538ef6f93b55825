/** Search suggestions: keys, values and operators of the issue search as the user types. */
import { defineFeature } from '../../platform/feature-module';
import { searchRoutes } from './search-routes';
import { createSearchSuggestionsService } from './search-suggestions-service';
import { builtInStoreUpstream, sentryUpstream } from './search-upstream';

export const searchFeature = defineFeature({
  name: 'search',
  create({ config, upstream }) {
    const suggestions = createSearchSuggestionsService({
      sentry: upstream.client,
      dialect: config.mode === 'standalone' ? builtInStoreUpstream : sentryUpstream,
    });
    return {
      api: async (v1) => {
        await v1.register(searchRoutes, { suggestions });
      },
      operations: ['search.suggestions'],
    };
  },
});
