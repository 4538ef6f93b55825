/** `/api/v1` alerts: a project's issue alert rules in Dexter's model, and the delivery history. */
import {
  type AlertDeliveryView,
  AlertHistoryQuerySchema,
  AlertHistorySchema,
  AlertRuleListSchema,
  AlertRuleViewSchema,
} from '@dexter/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AlertDelivery, AlertOutbox } from './alert-outbox';
import { type AlertDigestPayload, type AlertPayload, isDigest } from './alert-payload';
import type { AlertRulesService } from './alert-rules-service';

const slug = z.string().min(1).max(100);
const ProjectParams = z.object({ org: slug, project: slug });
const RuleParams = ProjectParams.extend({ ruleId: z.string().regex(/^\d{1,15}$/) });
/** Checked by the rule model itself, so its errors name the field in the model's terms. */
const RuleBody = z.record(z.string(), z.unknown());

export const alertsRoutes: FastifyPluginAsyncZod<{ rules: AlertRulesService; outbox: AlertOutbox }> = async (
  app,
  { rules, outbox },
) => {
  app.get(
    '/organizations/:org/projects/:project/alert-rules',
    {
      schema: {
        operationId: 'alerts.rules.list',
        tags: ['alerts'],
        params: ProjectParams,
        response: { 200: AlertRuleListSchema },
      },
    },
    (request) => rules.list(request.params.org, request.params.project),
  );

  app.post(
    '/organizations/:org/projects/:project/alert-rules',
    {
      schema: {
        operationId: 'alerts.rules.create',
        tags: ['alerts'],
        params: ProjectParams,
        body: RuleBody,
        response: { 201: AlertRuleViewSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await rules.create(request.params.org, request.params.project, request.body)),
  );

  app.put(
    '/organizations/:org/projects/:project/alert-rules/:ruleId',
    {
      schema: {
        operationId: 'alerts.rules.update',
        tags: ['alerts'],
        params: RuleParams,
        body: RuleBody,
        response: { 200: AlertRuleViewSchema },
      },
    },
    (request) =>
      rules.update(request.params.org, request.params.project, request.params.ruleId, request.body),
  );

  app.delete(
    '/organizations/:org/projects/:project/alert-rules/:ruleId',
    {
      schema: { operationId: 'alerts.rules.delete', tags: ['alerts'], params: RuleParams },
    },
    async (request, reply) => {
      await rules.remove(request.params.org, request.params.project, request.params.ruleId);
      return reply.code(204).send();
    },
  );

  app.get(
    '/organizations/:org/alerts/history',
    {
      schema: {
        operationId: 'alerts.history',
        tags: ['alerts'],
        params: z.object({ org: slug }),
        querystring: AlertHistoryQuerySchema,
        response: { 200: AlertHistorySchema },
      },
    },
    async (request) => {
      const { rule, status, limit } = request.query;
      const rows = await outbox.list({
        org: request.params.org,
        ...(rule ? { ruleId: Number(rule) } : {}),
        ...(status ? { status } : {}),
        limit,
      });
      return { items: rows.map(deliveryView) };
    },
  );
};

function deliveryView(row: AlertDelivery): AlertDeliveryView {
  const payload = JSON.parse(row.payload) as AlertPayload | AlertDigestPayload;
  return {
    id: String(row.id),
    fireId: String(row.fire_id),
    ruleId: String(row.rule_id),
    ruleName: row.rule_name,
    issueId: row.issue_id,
    kind: row.kind,
    target: row.target,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    firedAt: new Date(Number(row.fired_at)).toISOString(),
    deliveredAt: row.delivered_at === null ? null : new Date(Number(row.delivered_at)).toISOString(),
    reason: isDigest(payload) ? `digest of ${payload.count} firing(s)` : payload.reason.summary,
  };
}
