/** Organization, project and key rows in the shapes of Sentry's OpenAPI responses. */
import type { OrganizationSchema, ProjectKeySchema, ProjectSchema } from '@dexter/sentry-wire';
import type { z } from 'zod';
import { dsnFor } from '../../bootstrap';
import type { OrganizationRow, ProjectKeyRow, ProjectRow } from '../../db/schema';

export const isoOf = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function serializeOrganization(org: OrganizationRow, baseUrl: string) {
  return {
    id: String(org.id),
    slug: org.slug,
    name: org.name,
    dateCreated: isoOf(org.date_created),
    status: { id: 'active', name: 'active' },
    isEarlyAdopter: false,
    require2FA: false,
    avatar: { avatarType: 'letter_avatar', avatarUuid: null },
    links: { organizationUrl: baseUrl, regionUrl: baseUrl },
    hasAuthProvider: false,
    allowMemberInvite: true,
    allowMemberProjectCreation: true,
    allowSuperuserAccess: false,
    features: [],
    access: [],
  } satisfies z.input<typeof OrganizationSchema>;
}

export function serializeProject(project: ProjectRow, environments: string[]) {
  return {
    id: String(project.id),
    slug: project.slug,
    name: project.name,
    platform: project.platform,
    dateCreated: isoOf(project.date_created),
    isBookmarked: false,
    isMember: true,
    features: [],
    firstEvent: isoOf(project.first_event),
    firstTransactionEvent: false,
    access: [],
    hasAccess: true,
    hasFeedbacks: false,
    hasFlags: false,
    hasMinifiedStackTrace: false,
    hasMonitors: false,
    hasNewFeedbacks: false,
    hasProfiles: false,
    hasReplays: false,
    hasSessions: false,
    hasInsightsHttp: false,
    hasInsightsDb: false,
    hasInsightsAssets: false,
    hasInsightsAppStart: false,
    hasInsightsScreenLoad: false,
    hasInsightsVitals: false,
    hasInsightsCaches: false,
    hasInsightsQueues: false,
    hasInsightsAgentMonitoring: false,
    hasInsightsMCP: false,
    hasLogs: false,
    hasTraceMetrics: false,
    hasUserReports: false,
    team: null,
    teams: [],
    platforms: project.platform ? [project.platform] : [],
    environments,
    latestRelease: null,
  } satisfies z.input<typeof ProjectSchema>;
}

export function serializeProjectKey(key: ProjectKeyRow, baseUrl: string) {
  const publicDsn = dsnFor(baseUrl, key.public_key, key.project_id);
  const secretDsn = publicDsn.replace(`${key.public_key}@`, `${key.public_key}:${key.secret_key}@`);
  const base = baseUrl.replace(/\/$/, '');
  return {
    id: key.public_key,
    name: key.label,
    label: key.label,
    public: key.public_key,
    secret: key.secret_key,
    projectId: key.project_id,
    isActive: key.revoked_at === null,
    rateLimit: null,
    dsn: {
      public: publicDsn,
      secret: secretDsn,
      csp: `${base}/api/${key.project_id}/csp-report/?sentry_key=${key.public_key}`,
      security: `${base}/api/${key.project_id}/security/?sentry_key=${key.public_key}`,
      minidump: `${base}/api/${key.project_id}/minidump/?sentry_key=${key.public_key}`,
      nel: `${base}/api/${key.project_id}/nel/?sentry_key=${key.public_key}`,
      unreal: `${base}/api/${key.project_id}/unreal/${key.public_key}/`,
      cdn: '',
      crons: `${base}/api/${key.project_id}/cron/___MONITOR_SLUG___/${key.public_key}/`,
      playstation: '',
      integration: `${base}/api/${key.project_id}/integration/`,
      otlp_traces: `${base}/api/${key.project_id}/otlp/v1/traces`,
      otlp_logs: `${base}/api/${key.project_id}/otlp/v1/logs`,
    },
    browserSdkVersion: 'latest',
    browserSdk: { choices: [['latest', 'latest']] },
    dateCreated: isoOf(key.date_created),
    dynamicSdkLoaderOptions: {
      hasDebug: false,
      hasFeedback: false,
      hasLogsAndMetrics: false,
      hasPerformance: false,
      hasReplay: false,
    },
  } satisfies z.input<typeof ProjectKeySchema>;
}
