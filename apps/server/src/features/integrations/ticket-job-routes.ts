/** `/api/v1` tickets for many issues: the links of a page of the stream, and ticket jobs. */
import {
  TicketJobCreateSchema,
  TicketJobParamsSchema,
  TicketJobSchema,
  TicketLinkListSchema,
  TicketLinksQuerySchema,
} from '@dexter/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { IntegrationsService } from './integrations-service';
import type { TicketJobs } from './ticket-jobs';

const TAGS = ['integrations'];
const OrgParams = z.object({ org: z.string().min(1).max(100) });

export const ticketJobRoutes: FastifyPluginAsyncZod<{
  service: IntegrationsService;
  jobs: TicketJobs;
}> = async (app, { service, jobs }) => {
  app.get(
    '/organizations/:org/integrations/ticket-links',
    {
      schema: {
        operationId: 'integrations.tickets.listMany',
        tags: TAGS,
        params: OrgParams,
        querystring: TicketLinksQuerySchema,
        response: { 200: TicketLinkListSchema },
      },
    },
    async (request) => ({ items: await service.linksOfIssues(request.params.org, request.query.issue) }),
  );

  app.post(
    '/organizations/:org/integrations/ticket-jobs',
    {
      schema: {
        operationId: 'integrations.ticketJobs.create',
        tags: TAGS,
        params: OrgParams,
        body: TicketJobCreateSchema,
        response: { 202: TicketJobSchema },
      },
    },
    async (request, reply) => {
      const job = await jobs.start(request.params.org, request.body);
      request.audit.targets.jobId = job.id;
      request.audit.detail = { mode: job.mode, connectionId: job.connectionId, issues: job.counts.total };
      return reply.code(202).send(job);
    },
  );

  app.get(
    '/organizations/:org/integrations/ticket-jobs/:jobId',
    {
      schema: {
        operationId: 'integrations.ticketJobs.get',
        tags: TAGS,
        params: TicketJobParamsSchema,
        response: { 200: TicketJobSchema },
      },
    },
    async (request) => jobs.get(request.params.org, request.params.jobId),
  );

  app.post(
    '/organizations/:org/integrations/ticket-jobs/:jobId/retry',
    {
      schema: {
        operationId: 'integrations.ticketJobs.retry',
        tags: TAGS,
        params: TicketJobParamsSchema,
        response: { 200: TicketJobSchema },
      },
    },
    async (request) => jobs.retryFailed(request.params.org, request.params.jobId),
  );
};
