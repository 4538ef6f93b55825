/**
 * Sentry's legacy metric alert rule endpoints as the built-in store serves them
 * (`/api/0/organizations/{org}/alert-rules/` and `…/{alert_rule_id}/`, 2026-05-08 spec): list,
 * create (201), read, full overwrite (PUT), delete (204). Bodies are mapped through the same
 * `@dexter/contracts` metric model the gateway uses; a body the model cannot hold is a 400 in DRF's
 * shape naming the legacy field. Rules sit in `alert_rules` with `kind = 'metric'` (migration 0019).
 */
import {
  fromLegacyMetricAlert,
  parseMetricAlertRule,
  type RuleProblem,
  toLegacyMetricAlert,
} from '@dexter/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { ApiError, notFound } from '../../api/api-error';
import { type ApiContext, authenticate, findOrganization, findProject } from '../../api/http/api-context';
import { createAlertRulesRepo } from '../alert-rules-repo';
import { type AlertRuleTable, type AlertsDb, alertsDb } from '../alert-tables';
import { MetricQueryError, metricQuerySql, storedMetricRule } from './metric-query';

/** The built-in store's stand-in for Dexter's Sentry App id in metric trigger actions. */
export const BUILT_IN_APP_ID = 1;
const BODY_LIMIT = 64 * 1024;

/** A model path as the legacy body names it. */
const legacyField = (field: string) =>
  field
    .replace(/^windowMinutes$/, 'timeWindow')
    .replace(/^direction$/, 'thresholdType')
    .replace(/^resolve$/, 'resolveThreshold')
    .replace(/^detection(\..*)?$/, 'comparisonDelta')
    .replace(/^critical$/, 'triggers.0.alertThreshold')
    .replace(/^warning$/, 'triggers.1.alertThreshold')
    .replace(/^actions\b/, 'triggers.0.actions');

const invalid = (problems: RuleProblem[]) =>
  new ApiError(
    400,
    problems.map((p) => `${p.field || 'rule'}: ${p.message}`).join('; '),
    Object.fromEntries(problems.map((p) => [p.field || 'non_field_errors', [p.message]])),
  );

function serialize(row: AlertRuleTable, projectSlug: string) {
  const rule = storedMetricRule(row.rule);
  const mapped = toLegacyMetricAlert(rule, { project: projectSlug, dexterAppId: BUILT_IN_APP_ID });
  if (!mapped.ok)
    throw new Error(`stored metric rule ${row.id} cannot be shown: ${mapped.problems[0]?.message}`);
  return {
    id: String(row.id),
    organizationId: String(row.organization_id),
    ...mapped.body,
    status: row.enabled ? 0 : 1,
    owner: null,
    createdBy: {},
    dateCreated: new Date(row.date_created).toISOString(),
    dateModified: new Date(row.date_updated).toISOString(),
    snooze: false,
  };
}

export async function metricAlertRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  const db: AlertsDb = alertsDb(ctx.db);
  const generations = createAlertRulesRepo(db, ctx.now);
  const path = '/api/0/organizations/:org/alert-rules/';
  type One = { Params: { org: string; rule: string } };

  async function orgOf(request: FastifyRequest<{ Params: { org: string } }>) {
    return findOrganization(ctx, await authenticate(ctx, request), request.params.org);
  }

  async function parse(organizationId: number, body: unknown) {
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new ApiError(400, 'The request body must be a JSON object.');
    const record = body as Record<string, unknown>;
    const projects = record.projects;
    if (!Array.isArray(projects) || projects.length !== 1 || typeof projects[0] !== 'string')
      throw invalid([{ field: 'projects', message: 'Metric alerts are limited to one project: name it.' }]);
    const project = await findProject(ctx, organizationId, projects[0]);
    const legacy = fromLegacyMetricAlert(record);
    if ('problems' in legacy) throw invalid(legacy.problems);
    const parsed = parseMetricAlertRule(legacy.input);
    if ('problems' in parsed)
      throw invalid(parsed.problems.map((p) => ({ ...p, field: legacyField(p.field) })));
    try {
      metricQuerySql(parsed.rule);
    } catch (error) {
      if (error instanceof MetricQueryError) throw invalid([{ field: 'query', message: error.message }]);
      throw error;
    }
    return { project, rule: parsed.rule };
  }

  async function load(organizationId: number, text: string) {
    if (!/^\d{1,15}$/.test(text)) throw notFound();
    const row = await db
      .selectFrom('alert_rules as r')
      .innerJoin('projects as p', 'p.id', 'r.project_id')
      .selectAll('r')
      .select('p.slug as project_slug')
      .where('r.organization_id', '=', organizationId)
      .where('r.id', '=', Number(text))
      .where('r.kind', '=', 'metric')
      .executeTakeFirst();
    if (!row) throw notFound();
    return row;
  }

  const bump = (trx: AlertsDb) =>
    sql`update alert_state set value = value + 1 where key = 'rules_generation'`.execute(trx);

  app.get<{ Params: { org: string } }>(path, async (request) => {
    const org = await orgOf(request);
    const rows = await db
      .selectFrom('alert_rules as r')
      .innerJoin('projects as p', 'p.id', 'r.project_id')
      .selectAll('r')
      .select('p.slug as project_slug')
      .where('r.organization_id', '=', org.id)
      .where('r.kind', '=', 'metric')
      .orderBy('r.id', 'desc')
      .limit(1000)
      .execute();
    return rows.map((row) => serialize(row, row.project_slug));
  });

  app.post<{ Params: { org: string } }>(path, { bodyLimit: BODY_LIMIT }, async (request, reply) => {
    const org = await orgOf(request);
    const { project, rule } = await parse(org.id, request.body);
    const row = await db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('alert_rules')
        .values({
          organization_id: org.id,
          project_id: project.id,
          name: rule.name,
          rule: JSON.stringify(rule),
          enabled: rule.enabled ? 1 : 0,
          kind: 'metric',
          date_created: ctx.now(),
          date_updated: ctx.now(),
        } as never)
        .returningAll()
        .executeTakeFirstOrThrow();
      await bump(trx);
      return inserted;
    });
    return reply.code(201).send(serialize(row, project.slug));
  });

  app.get<One>(`${path}:rule/`, async (request) => {
    const org = await orgOf(request);
    const row = await load(org.id, request.params.rule);
    return serialize(row, row.project_slug);
  });

  app.put<One>(`${path}:rule/`, { bodyLimit: BODY_LIMIT }, async (request) => {
    const org = await orgOf(request);
    const existing = await load(org.id, request.params.rule);
    const { project, rule } = await parse(org.id, request.body);
    const row = await db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('alert_rules')
        .set({
          project_id: project.id,
          name: rule.name,
          rule: JSON.stringify(rule),
          enabled: rule.enabled ? 1 : 0,
          date_updated: ctx.now(),
        })
        .where('id', '=', existing.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      // A changed rule starts judging afresh: its old level meant other thresholds.
      await trx.deleteFrom('metric_alert_state').where('rule_id', '=', existing.id).execute();
      await bump(trx);
      return updated;
    });
    return serialize(row, project.slug);
  });

  app.delete<One>(`${path}:rule/`, async (request, reply) => {
    const org = await orgOf(request);
    const existing = await load(org.id, request.params.rule);
    await generations.remove(existing.id);
    await db.deleteFrom('metric_alert_state').where('rule_id', '=', existing.id).execute();
    return reply.code(204).send();
  });
}
