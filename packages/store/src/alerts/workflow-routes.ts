/**
 * The built-in store's rules through Sentry's current alerting API, read-only for now:
 * `GET /api/0/organizations/{org}/workflows/` and `…/workflows/{workflow_id}/` (spec L40680,
 * L42353), each rule mapped by the same `toWorkflow` the gateway uses, in the response's
 * camelCase shape with ids on every node. Issue alerts attach to the project's `error` detector,
 * which the store does not keep: its id is the project's. A rule the workflow model cannot
 * express (an interval outside its list, "any" of a count and another trigger) is left out of the
 * list and is a 404 by id, as it would be for a server that never migrated it.
 */
import { type AlertRule, toWorkflow, type WorkflowCondition } from '@dexter/contracts';
import type { FastifyInstance } from 'fastify';
import { notFound } from '../api/api-error';
import { type ApiContext, authenticate, findOrganization } from '../api/http/api-context';
import { createAlertRulesRepo } from './alert-rules-repo';
import { type AlertRuleTable, alertsDb } from './alert-tables';

function serializeWorkflow(row: AlertRuleTable, lastFired: number | null) {
  const rule = JSON.parse(row.rule) as AlertRule;
  const mapped = toWorkflow(rule, { dexterApp: 'dexter', errorDetectorId: row.project_id });
  if (!mapped.ok) return null;
  const { body } = mapped;
  const id = String(row.id);
  const organizationId = String(row.organization_id);
  const conditions = (list: WorkflowCondition[], prefix: string) =>
    list.map((c, i) => ({
      id: `${prefix}${i}`,
      type: c.type,
      comparison: c.comparison,
      conditionResult: c.condition_result,
    }));
  const filter = body.action_filters[0]!;
  return {
    id,
    name: body.name,
    organizationId,
    createdBy: null,
    dateCreated: new Date(row.date_created).toISOString(),
    dateUpdated: new Date(row.date_updated).toISOString(),
    triggers: {
      id: `${id}0`,
      organizationId,
      logicType: body.triggers.logic_type,
      conditions: conditions(body.triggers.conditions, `${id}0`),
      actions: [],
    },
    actionFilters: [
      {
        id: `${id}1`,
        organizationId,
        logicType: filter.logic_type,
        conditions: conditions(filter.conditions, `${id}1`),
        actions: filter.actions.map((a, i) => ({
          id: `${id}2${i}`,
          type: a.type,
          integrationId: a.integration_id ?? null,
          data: a.data,
          config: {
            targetType: a.config.target_type,
            targetIdentifier: a.config.target_identifier,
            targetDisplay: a.config.target_display ?? null,
          },
          status: 'active',
        })),
      },
    ],
    environment: body.environment,
    config: body.config,
    detectorIds: body.detector_ids.map(String),
    enabled: body.enabled,
    lastTriggered: lastFired ? new Date(lastFired).toISOString() : null,
    owner: null,
  };
}

export async function workflowRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  const db = alertsDb(ctx.db);
  const rules = createAlertRulesRepo(db, ctx.now);
  const path = '/api/0/organizations/:org/workflows/';

  app.get<{ Params: { org: string } }>(path, async (request) => {
    const org = await findOrganization(ctx, await authenticate(ctx, request), request.params.org);
    const rows = await db
      .selectFrom('alert_rules')
      .selectAll()
      .where('organization_id', '=', org.id)
      .where('kind', '=', 'issue')
      .orderBy('id', 'desc')
      .limit(1000)
      .execute();
    const stats = await rules.stats(rows.map((r) => r.id));
    return rows
      .map((row) => serializeWorkflow(row, stats.get(row.id)?.lastFired ?? null))
      .filter((w) => w !== null);
  });

  app.get<{ Params: { org: string; workflow: string } }>(`${path}:workflow/`, async (request) => {
    const org = await findOrganization(ctx, await authenticate(ctx, request), request.params.org);
    if (!/^\d{1,15}$/.test(request.params.workflow)) throw notFound();
    const row = await db
      .selectFrom('alert_rules')
      .selectAll()
      .where('organization_id', '=', org.id)
      .where('id', '=', Number(request.params.workflow))
      .where('kind', '=', 'issue')
      .executeTakeFirst();
    const workflow =
      row && serializeWorkflow(row, (await rules.stats([row.id])).get(row.id)?.lastFired ?? null);
    if (!workflow) throw notFound();
    return workflow;
  });
}
