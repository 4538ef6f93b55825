/**
 * Code and ticket integrations (issue 18): GitHub, Jira and Linear connections, tickets created
 * from or linked to issues (many to many, in Dexter's database), and vendor webhooks that keep the
 * tickets' state and resolve issues whose ticket closed (per connection). Issue reads and the
 * resolve go through the issues service over the upstream pipeline, so both modes behave alike.
 */
import { createIssueSearch } from '../../issue-search/issue-search-service';
import { dialectFor } from '../../issue-search/search-upstream';
import { defineFeature } from '../../platform/feature-module';
import { createIssuesService } from '../issues/issues-service';
import { integrationsRoutes, integrationWebhookRoutes } from './integrations-routes';
import { createIntegrationsService, type IntegrationsService } from './integrations-service';
import { createIntegrationsStore } from './integrations-store';

export interface IntegrationsHandle {
  service: IntegrationsService;
}

export const integrationsFeature = defineFeature<IntegrationsHandle>({
  name: 'integrations',
  publishes: ['issue.updated'],
  create({ config, upstream, feed, db, security, now, publicUrl }) {
    const sentry = upstream.client;
    const issues = createIssuesService({
      sentry,
      search: createIssueSearch({ sentry, dialect: dialectFor(config.mode) }),
      batcher: upstream.issueBatcher,
      // Told like the UI's own change: live updates and caches hear of a resolve by webhook.
      onChanged: (org, issue) =>
        void feed.publish({
          type: 'issue.updated',
          org,
          project: issue.project?.slug ?? null,
          issueId: String(issue.id),
          action: issue.status ?? 'updated',
          status: issue.status ?? null,
          count: Number(issue.count ?? 0),
          origin: 'dexter',
        }),
    });
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
