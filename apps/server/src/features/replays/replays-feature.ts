/**
 * Session replay (issue 17): replay lists (per project, per issue) and the player's data, read
 * through the upstream pipeline in both modes (sentry.io's and the built-in store's replay API).
 */
import { defineFeature } from '../../platform/feature-module';
import { replaysRoutes } from './replays-routes';
import { createReplaysService } from './replays-service';
import { replaysUpstream } from './replays-upstream';

export const replaysFeature = defineFeature({
  name: 'replays',
  create({ upstream }) {
    const replays = createReplaysService({
      replays: replaysUpstream(upstream.pipeline.transport),
      sentry: upstream.client,
    });
    return {
      api: async (v1) => {
        await v1.register(replaysRoutes, { replays });
      },
      operations: ['replays.list', 'replays.get'],
    };
  },
});
