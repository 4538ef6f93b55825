/** `/api/v1` timeline routes: the releases timeline with deploy markers, and one issue's timeline. */
import {
  IssueTimelineQuerySchema,
  IssueTimelineSchema,
  ReleaseTimelineQuerySchema,
  ReleaseTimelineSchema,
  SentryIssueIdSchema,
} from '@dexter/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TimelineService } from './release-timeline-service';

const OrgParams = z.object({ org: z.string().min(1).max(100) });

export const releaseTimelineRoutes: FastifyPluginAsyncZod<{ timeline: TimelineService }> = async (
  app,
  { timeline },
) => {
  app.get(
    '/organizations/:org/releases-timeline',
    {
      schema: {
        operationId: 'releases.timeline',
        tags: ['releases'],
        params: OrgParams,
        querystring: ReleaseTimelineQuerySchema,
        response: { 200: ReleaseTimelineSchema },
      },
    },
    async (request) => timeline.timeline(request.params.org, request.query),
  );

  app.get(
    '/organizations/:org/issues/:issueId/timeline',
    {
      schema: {
        operationId: 'releases.issueTimeline',
        tags: ['releases'],
        params: OrgParams.extend({ issueId: SentryIssueIdSchema }),
        querystring: IssueTimelineQuerySchema,
        response: { 200: IssueTimelineSchema },
      },
    },
    async (request) => timeline.issueTimeline(request.params.org, request.params.issueId, request.query),
  );
};
