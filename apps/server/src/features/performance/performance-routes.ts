/** `/api/v1` performance: the transactions overview, one transaction's summary, the service graph. */

import {
  PerformanceParamsSchema,
  PerformanceQuerySchema,
  ServiceGraphSchema,
  SummaryQuerySchema,
  TransactionSummarySchema,
  TransactionsOverviewSchema,
} from '@dexter/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { PerformanceService } from './performance-service';
import type { ServiceGraphReader } from './service-graph';

export const performanceRoutes: FastifyPluginAsyncZod<{
  performance: PerformanceService;
  serviceGraph: ServiceGraphReader;
}> = async (app, { performance, serviceGraph }) => {
  app.get(
    '/organizations/:org/performance/transactions',
    {
      schema: {
        operationId: 'performance.transactions',
        tags: ['performance'],
        params: PerformanceParamsSchema,
        querystring: PerformanceQuerySchema,
        response: { 200: TransactionsOverviewSchema },
      },
    },
    async (request) => performance.overview(request.params.org, request.query),
  );
  app.get(
    '/organizations/:org/performance/summary',
    {
      schema: {
        operationId: 'performance.summary',
        tags: ['performance'],
        params: PerformanceParamsSchema,
        querystring: SummaryQuerySchema,
        response: { 200: TransactionSummarySchema },
      },
    },
    async (request) => performance.summary(request.params.org, request.query),
  );
  app.get(
    '/organizations/:org/performance/service-graph',
    {
      schema: {
        operationId: 'performance.serviceGraph',
        tags: ['performance'],
        params: PerformanceParamsSchema,
        querystring: PerformanceQuerySchema,
        response: { 200: ServiceGraphSchema },
      },
    },
    async (request) => serviceGraph(request.params.org, request.query),
  );
};
