/** The store's Sentry Web API subset at `/api/0`, with Sentry's `{"detail"}` error bodies. */
import type { FastifyError, FastifyInstance } from 'fastify';
import { alertRuleRoutes } from '../alerts/alert-rule-routes';
import { ApiError } from './api-error';
import { artifactRoutes } from './artifacts/artifact-routes';
import { discoverEventsRoutes } from './discover/discover-events-routes';
import { committerRoutes } from './events/committer-routes';
import { eventRoutes } from './events/event-routes';
import type { ApiContext } from './http/api-context';
import { activityRoutes } from './issues/activity/activity-routes';
import { issueReleaseRoutes } from './issues/issue-releases';
import { issueRoutes } from './issues/issue-routes';
import { issueBulkRoutes } from './issues/mutations/issue-bulk-routes';
import { issuesStatsRoutes } from './issues/stats/issues-stats-routes';
import { issueTagRoutes } from './issues/tags/issue-tag-routes';
import { memberRoutes } from './members/member-routes';
import { organizationRoutes } from './organizations/organization-routes';
import { commitRoutes } from './releases/commit-routes';
import { deployRoutes } from './releases/deploy-routes';
import { releaseRoutes } from './releases/release-routes';
import { resolvedRoutes } from './releases/resolved-routes';
import { replayRoutes } from './replays/replay-routes';
import { sessionsRoutes } from './sessions/sessions-routes';
import { timeseriesRoutes } from './timeseries/timeseries-routes';
import { traceRoutes } from './traces/trace-routes';

export async function apiRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ApiError)
      return reply.code(error.status).send(error.body ?? { detail: error.detail });
    const status = error.statusCode;
    if (status && status >= 400 && status < 500) return reply.code(status).send({ detail: error.message });
    request.log.error({ err: error }, 'store api failed');
    return reply.code(500).send({ detail: 'Internal Error' });
  });
  await organizationRoutes(app, ctx);
  await memberRoutes(app, ctx);
  await issueRoutes(app, ctx);
  await issueBulkRoutes(app, ctx);
  await issueTagRoutes(app, ctx);
  await issuesStatsRoutes(app, ctx);
  await activityRoutes(app, ctx);
  await eventRoutes(app, ctx);
  await releaseRoutes(app, ctx);
  await deployRoutes(app, ctx);
  await sessionsRoutes(app, ctx);
  await commitRoutes(app, ctx);
  await resolvedRoutes(app, ctx);
  await issueReleaseRoutes(app, ctx);
  await committerRoutes(app, ctx);
  await artifactRoutes(app, ctx);
  await timeseriesRoutes(app, ctx);
  await discoverEventsRoutes(app, ctx);
  await alertRuleRoutes(app, ctx);
  await traceRoutes(app, ctx);
  await replayRoutes(app, ctx);
}
