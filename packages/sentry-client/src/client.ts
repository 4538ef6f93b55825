/**
 * `createSentryClient`: the typed Sentry Web API, grouped by resource, over an injected transport.
 *
 * The client never creates its own HTTP connection: in the server the transport is the composed
 * upstream pipeline (cache -> … -> retry -> `createHttpTransport`), so every call, from every
 * feature, is cached, budgeted and retried the same way. Services should depend on the narrowest
 * slice they use, e.g. `Pick<SentryClient, 'issues'>`.
 */
import { activityResource } from './resources/activity';
import { alertRulesResource } from './resources/alert-rules';
import { discoverResource } from './resources/discover';
import { eventsResource } from './resources/events';
import { issuesResource } from './resources/issues';
import { metricAlertRulesResource } from './resources/metric-alert-rules';
import { organizationsResource } from './resources/organizations';
import { projectsResource } from './resources/projects';
import { releasesResource } from './resources/releases';
import { tracesResource } from './resources/traces';
import type { Transport } from './transport';

export interface SentryClientDeps {
  transport: Transport;
}

export function createSentryClient({ transport }: SentryClientDeps) {
  return {
    organizations: organizationsResource(transport),
    projects: projectsResource(transport),
    issues: issuesResource(transport),
    events: eventsResource(transport),
    releases: releasesResource(transport),
    activity: activityResource(transport),
    discover: discoverResource(transport),
    traces: tracesResource(transport),
    alertRules: alertRulesResource(transport),
    metricAlertRules: metricAlertRulesResource(transport),
  };
}

export type SentryClient = ReturnType<typeof createSentryClient>;
