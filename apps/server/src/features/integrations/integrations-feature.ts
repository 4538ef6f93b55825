/**
 * Code and ticket integrations (issue 18): GitHub, Jira and Linear connections, tickets created
 * from or linked to issues (many to many, in Dexter's database), and vendor webhooks that keep the
 * tickets' state and resolve issues whose ticket closed (per connection). Issue reads and the
 * resolve go over the upstream pipeline (issue-port.ts), so both modes behave alike.
 */
import { defineFeature } from '../../platform/feature-module';
import { connectionSettingsRoutes } from './connection-settings-routes';
import { integrationsRoutes, integrationWebhookRoutes } from './integrations-routes';
import { createIntegrationsService, type IntegrationsService } from './integrations-service';
import { createIntegrationsStore } from './integrations-store';
import { createIssuePort } from './issue-port';
import { createProjectDefaultsStore } from './project-defaults';
import { ticketJobRoutes } from './ticket-job-routes';
import { createTicketJobs, type TicketJobs } from './ticket-jobs';
import { createTicketJobsStore } from './ticket-jobs-store';

export interface IntegrationsHandle {
  service: IntegrationsService;
  jobs: TicketJobs;
  /** Resolves once the comments of resolves heard so far are posted. */
  idle(): Promise<void>;
}

export const integrationsFeature = defineFeature<IntegrationsHandle>({
  name: 'integrations',
  publishes: ['issue.updated'],
  consumes: ['issue.updated'],
  create({ upstream, feed, db, security, now, publicUrl, log }) {
    const issues = createIssuePort(upstream.client, (change) => feed.publish(change));
    const service = createIntegrationsService({
      store: createIntegrationsStore(db, now),
      defaults: createProjectDefaultsStore(db, now),
      secrets: security.secrets,
      guard: security.guard,
      issues,
      publicUrl: () => publicUrl(),
      now,
    });
    const jobs = createTicketJobs({
      store: createTicketJobsStore(db, now),
      tickets: {
        connection: (org, id) => service.connection(org, id),
        open: (org, id, issueIds, overrides) => service.openTicket(org, id, issueIds, overrides),
        link: (org, issueId, id, ticket) => service.linkFacts(org, issueId, id, ticket),
      },
      log,
    });
    let stop: (() => void) | null = null;
    // Comments go one at a time, after the resolve that caused them.
    let pending: Promise<void> = Promise.resolve();
    return {
      api: async (v1) => {
        await v1.register(integrationsRoutes, { service });
        await v1.register(integrationWebhookRoutes, { service });
        await v1.register(connectionSettingsRoutes, { service });
        await v1.register(ticketJobRoutes, { service, jobs });
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
        'integrations.defaults.list',
        'integrations.defaults.put',
        'integrations.defaults.delete',
        'integrations.webhookSecret.show',
        'integrations.webhookSecret.rotate',
        'integrations.tickets.listMany',
        'integrations.ticketJobs.create',
        'integrations.ticketJobs.get',
        'integrations.ticketJobs.retry',
      ],
      async start() {
        await jobs.resume();
        stop = feed.subscribe(
          (change, meta) => {
            if (change.type !== 'issue.updated' || change.status !== 'resolved' || !meta.local) return;
            pending = pending
              .then(() => service.issueResolved(change.org, change.issueId))
              .then(({ failed }) => {
                if (failed.length)
                  log.warn({ tickets: failed }, 'integrations: could not comment on tickets');
              })
              .catch((error: unknown) =>
                log.warn({ err: error }, 'integrations: resolve not told to tickets'),
              );
          },
          { types: ['issue.updated'] },
        );
      },
      async stop() {
        stop?.();
        await jobs.stop();
        await pending;
      },
      handle: { service, jobs, idle: () => pending },
    };
  },
});
