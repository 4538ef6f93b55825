/** `/api/v1` metric alerts: a project's metric rules in Dexter's metric model, and their 14-day preview. */
import { MetricPreviewSchema, MetricRuleListSchema, MetricRuleViewSchema } from '@dexter/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { MetricRulesService } from './metric-rules-service';

const slug = z.string().min(1).max(100);
const ProjectParams = z.object({ org: slug, project: slug });
const RuleParams = ProjectParams.extend({ ruleId: z.string().regex(/^\d{1,15}$/) });
/** Checked by the metric model itself, so its errors name the field in the model's terms. */
const RuleBody = z.record(z.string(), z.unknown());
const base = '/organizations/:org/projects/:project/metric-alerts';

export const metricAlertsRoutes: FastifyPluginAsyncZod<{ metrics: MetricRulesService }> = async (
  app,
  { metrics },
) => {
  app.get(
    base,
    {
      schema: {
        operationId: 'alerts.metric.list',
        tags: ['alerts'],
        params: ProjectParams,
        response: { 200: MetricRuleListSchema },
      },
    },
    (request) => metrics.list(request.params.org, request.params.project),
  );

  app.post(
    base,
    {
      schema: {
        operationId: 'alerts.metric.create',
        tags: ['alerts'],
        params: ProjectParams,
        body: RuleBody,
        response: { 201: MetricRuleViewSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await metrics.create(request.params.org, request.params.project, request.body)),
  );

  app.post(
    `${base}/preview`,
    {
      schema: {
        operationId: 'alerts.metric.preview',
        tags: ['alerts'],
        params: ProjectParams,
        body: RuleBody,
        response: { 200: MetricPreviewSchema },
      },
    },
    (request) => metrics.preview(request.params.org, request.params.project, request.body),
  );

  app.put(
    `${base}/:ruleId`,
    {
      schema: {
        operationId: 'alerts.metric.update',
        tags: ['alerts'],
        params: RuleParams,
        body: RuleBody,
        response: { 200: MetricRuleViewSchema },
      },
    },
    (request) =>
      metrics.update(request.params.org, request.params.project, request.params.ruleId, request.body),
  );

  app.delete(
    `${base}/:ruleId`,
    { schema: { operationId: 'alerts.metric.delete', tags: ['alerts'], params: RuleParams } },
    async (request, reply) => {
      await metrics.remove(request.params.org, request.params.ruleId);
      return reply.code(204).send();
    },
  );
};
