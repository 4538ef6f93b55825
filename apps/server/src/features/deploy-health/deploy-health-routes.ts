/** `/api/v1` deploy notices: the evaluations of deploys, and running the check now. */
import { DeployCheckResultSchema, DeployNoticeListSchema, DeployNoticeQuerySchema } from '@dexter/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { DeployHealthCheck } from './deploy-health-check';
import type { DeployNoticesStore } from './deploy-notices-store';

const OrgParams = z.object({ org: z.string().min(1).max(100) });

export const deployHealthRoutes: FastifyPluginAsyncZod<{
  notices: DeployNoticesStore;
  check: (org: string) => ReturnType<DeployHealthCheck['check']>;
}> = async (app, { notices, check }) => {
  app.get(
    '/organizations/:org/deploy-notices',
    {
      schema: {
        operationId: 'deployHealth.notices',
        tags: ['releases'],
        params: OrgParams,
        querystring: DeployNoticeQuerySchema,
        response: { 200: DeployNoticeListSchema },
      },
    },
    async (request) => ({ items: await notices.list(request.params.org, request.query) }),
  );

  app.post(
    '/organizations/:org/deploy-notices/check',
    {
      schema: {
        operationId: 'deployHealth.check',
        tags: ['releases'],
        params: OrgParams,
        response: { 200: DeployCheckResultSchema },
      },
    },
    async (request) => {
      const { evaluated, flagged, pending } = await check(request.params.org);
      return { evaluated, flagged, pending };
    },
  );
};
