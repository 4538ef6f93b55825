/**
 * Sentry's integration webhooks as a source of the change feed (`POST /api/v1/webhooks/sentry`,
 * verified by signature, re-deliveries recognized for 24 h across instances through Redis).
 */
import { defineFeature } from '../../platform/feature-module';
import { createWebhookDedupe } from './webhook-dedupe';
import { webhooksRoutes } from './webhooks-routes';

/** How long a webhook delivery is remembered as seen (Sentry retries within minutes). */
const REDELIVERY_WINDOW_MS = 24 * 3_600_000;

export const webhooksFeature = defineFeature({
  name: 'webhooks',
  publishes: ['issue.created', 'issue.updated', 'issue.counts', 'alert.fired'],
  create({ config, redis, feed, defaultOrg }) {
    const dedupe = createWebhookDedupe({ redis: redis?.client ?? null, ttlMs: REDELIVERY_WINDOW_MS });
    return {
      api: async (v1) => {
        await v1.register(webhooksRoutes, {
          secret: config.live.webhookSecret,
          dedupe,
          publish: (change) => feed.publish(change),
          org: defaultOrg,
        });
      },
      operations: ['webhooks.sentry'],
    };
  },
});
