/**
 * Code and ticket integrations (issue 18): GitHub, Jira and Linear connections, tickets created
 * from or linked to issues (many to many, in Dexter's database), and vendor webhooks that keep the
 * tickets' state and resolve issues whose ticket closed (per connection). Issue reads and the
 * resolve go over the upstream pipeline (issue-port.ts), so both modes behave alike.
 */
import { defineFeature } from '../../platform/feature-module';
import { integrationsRoutes, integrationWebhookRoutes } from './integrations-routes';
import { createIntegrationsService, type IntegrationsService } from './integrations-service';
import { createIntegrationsStore } from './integrations-store';
import { createIssuePort } from './issue-port';

export interface IntegrationsHandle {
  service: IntegrationsService;
}

export const integrationsFeature = defineFeature<IntegrationsHandle>({
  name: 'integrations',
  publishes: ['issue.updated'],
  create({ upstream, feed, db, security, now, publicUrl }) {
    const issues = createIssuePort(upstream.client, (change) => feed.publish(change));
    const service = createIntegrationsService({
      store: createIntegrationsStore(db, now),
      secrets: security.secrets,
      guard: security.guard,
      issues,
      publicUrl: () => publicUrl(),
      now,
    });
    return {
      api: async (v1) => {
        await v1.register(integrationsRoutes, { service });
        await v1.register(integrationWebhookRoutes, { service });
      },
      operations: [
        'integrations.connections.list',
        'integrations.connections.create',
        'integrations.connections.delete',
        'integrations.connections.test',
        'integrations.tickets.list',
        'integrations.tickets.create',
        'integrations.tickets.link',
        'integrations.tickets.unlink',
        'integrations.webhook',
      ],
      handle: { service },
    };
  },
});
