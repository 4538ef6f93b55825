/**
 * Every server feature, in the order their routes are registered and their modules started
 * (stopped in reverse). A new feature is a folder under `features/` and one line here.
 */
import type { Feature } from '../platform/feature-module';
import { alertsFeature } from './alerts/alerts-feature';
import { auditFeature } from './audit/audit-feature';
import { authFeature } from './auth/auth-feature';
import { bootFeature } from './boot/boot-feature';
import { bulkFeature } from './bulk/bulk-feature';
import { chatFeature } from './chat/chat-feature';
import { dashboardsFeature } from './dashboards/dashboards-feature';
import { deployHealthFeature } from './deploy-health/deploy-health-feature';
import { discoverFeature } from './discover/discover-feature';
import { exportFeature } from './export/export-feature';
import { healthFeature } from './health/health-feature';
import { insightsFeature } from './insights/insights-feature';
import { integrationsFeature } from './integrations/integrations-feature';
import { issuesFeature } from './issues/issues-feature';
import { liveFeature } from './live/live-feature';
import { metricCorrelationFeature } from './metric-correlation/metric-correlation-feature';
import { organizationsFeature } from './organizations/organizations-feature';
import { performanceFeature } from './performance/performance-feature';
import { releasesFeature } from './releases/releases-feature';
import { replaysFeature } from './replays/replays-feature';
import { searchFeature } from './search/search-feature';
import { secretsFeature } from './secrets/secrets-feature';
import { similarityFeature } from './similarity/similarity-feature';
import { storeAdminFeature } from './store-admin/store-admin-feature';
import { suspectCommitsFeature } from './suspect-commits/suspect-commits-feature';
import { tokensFeature } from './tokens/tokens-feature';
import { tracesFeature } from './traces/traces-feature';
import { usersFeature } from './users/users-feature';
import { viewsFeature } from './views/views-feature';
import { webhooksFeature } from './webhooks/webhooks-feature';

export const features: readonly Feature[] = [
  healthFeature,
  organizationsFeature,
  bootFeature,
  issuesFeature,
  bulkFeature,
  exportFeature,
  viewsFeature,
  releasesFeature,
  suspectCommitsFeature,
  insightsFeature,
  discoverFeature,
  dashboardsFeature,
  tracesFeature,
  performanceFeature,
  replaysFeature,
  metricCorrelationFeature,
  searchFeature,
  similarityFeature,
  liveFeature,
  // After live: a notice flagged on the first run at start reaches the sockets.
  deployHealthFeature,
  alertsFeature,
  webhooksFeature,
  integrationsFeature,
  chatFeature,
  authFeature,
  usersFeature,
  tokensFeature,
  auditFeature,
  secretsFeature,
  storeAdminFeature,
];
