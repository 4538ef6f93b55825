/** `/api/v1` metric sources (CSV uploads, polled Prometheus queries) and their correlation with error rates. */
import {
  CorrelatedIssuesQuerySchema,
  CorrelatedIssuesSchema,
  CorrelationQuerySchema,
  CorrelationSchema,
  METRIC_CSV_MAX_BYTES,
  MetricSourceCreateSchema,
  MetricSourceListSchema,
  MetricSourceParamsSchema,
  MetricSourceSchema,
} from '@dexter/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CorrelationService } from './correlation-service';
import type { MetricSourcesService } from './metric-sources-service';
import type { MetricSourcesStore } from './metric-sources-store';

const OrgParams = z.object({ org: z.string().min(1).max(100) });
/** The CSV inside a JSON body, with room for escaping and the other fields. */
const CREATE_BODY_LIMIT = 2 * METRIC_CSV_MAX_BYTES + 16 * 1024;

export const metricCorrelationRoutes: FastifyPluginAsyncZod<{
  store: MetricSourcesStore;
  sources: MetricSourcesService;
  correlation: CorrelationService;
}> = async (app, { store, sources, correlation }) => {
  app.get(
    '/organizations/:org/metric-sources',
    {
      schema: {
        operationId: 'metricSources.list',
        tags: ['insights'],
        params: OrgParams,
        response: { 200: MetricSourceListSchema },
      },
    },
    async (request) => ({ items: await store.list(request.params.org) }),
  );

  app.post(
    '/organizations/:org/metric-sources',
    {
      bodyLimit: CREATE_BODY_LIMIT,
      schema: {
        operationId: 'metricSources.create',
        tags: ['insights'],
        params: OrgParams,
        body: MetricSourceCreateSchema,
        response: { 201: MetricSourceSchema },
      },
    },
    async (request, reply) => {
      const source = await sources.create(request.params.org, request.body);
      request.audit.targets.sourceId = source.id;
      request.audit.detail = { kind: source.kind, name: source.name, baseUrl: source.baseUrl };
      return reply.code(201).send(source);
    },
  );

  app.delete(
    '/organizations/:org/metric-sources/:sourceId',
    {
      schema: { operationId: 'metricSources.delete', tags: ['insights'], params: MetricSourceParamsSchema },
    },
    async (request, reply) => {
      await sources.delete(request.params.org, Number(request.params.sourceId));
      return reply.code(204).send();
    },
  );

  app.post(
    '/organizations/:org/metric-sources/:sourceId/poll',
    {
      schema: {
        operationId: 'metricSources.poll',
        tags: ['insights'],
        params: MetricSourceParamsSchema,
        response: { 200: MetricSourceSchema },
      },
    },
    async (request) => sources.pollNow(request.params.org, Number(request.params.sourceId)),
  );

  app.get(
    '/organizations/:org/metric-sources/:sourceId/correlation',
    {
      schema: {
        operationId: 'metricSources.correlation',
        tags: ['insights'],
        params: MetricSourceParamsSchema,
        querystring: CorrelationQuerySchema,
        response: { 200: CorrelationSchema },
      },
    },
    async (request) => correlation.correlate(request.params.org, request.params.sourceId, request.query),
  );

  app.get(
    '/organizations/:org/metric-sources/:sourceId/correlated-issues',
    {
      schema: {
        operationId: 'metricSources.correlatedIssues',
        tags: ['insights'],
        params: MetricSourceParamsSchema,
        querystring: CorrelatedIssuesQuerySchema,
        response: { 200: CorrelatedIssuesSchema },
      },
    },
    async (request) =>
      correlation.correlatedIssues(request.params.org, request.params.sourceId, request.query),
  );
};
