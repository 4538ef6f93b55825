/** Saved views: a search saved privately or shared with everyone. */
import { defineFeature } from '../../platform/feature-module';
import { createViewsService } from '../../saved-views/views-service';
import { viewsRoutes } from './views-routes';

export const viewsFeature = defineFeature({
  name: 'views',
  create({ db, now }) {
    return {
      api: async (v1) => {
        await v1.register(viewsRoutes, { views: createViewsService({ db, now }) });
      },
      operations: ['views.list', 'views.create', 'views.update', 'views.delete'],
    };
  },
});
