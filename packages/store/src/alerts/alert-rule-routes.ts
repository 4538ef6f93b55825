/**
 * Sentry's legacy issue alert rule endpoints, as the built-in store serves them
 * (`/api/0/projects/{org}/{project}/rules/` and `…/rules/{rule_id}/`, spec@59279fd L47049 and
 * L47619): list, create (201), read, full overwrite (PUT), delete (202). A body the model cannot
 * hold is a 400 in DRF's shape naming the legacy field (`{"conditions.0.interval": ["…"]}`); an
 * e-mail to a member who is not in the organization names `actions.N.targetIdentifier`.
 */
import { type AlertRule, fromLegacyRule, parseAlertRule, type RuleProblem } from '@dexter/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, notFound } from '../api/api-error';
import { type ApiContext, authenticate, findOrganization, findProject } from '../api/http/api-context';
import { linkHeader, parseCursor } from '../api/http/pagination';
import { intParam, type RawQuery, singleParam } from '../api/http/query-params';
import { createAlertRulesRepo, serializeLegacyRule } from './alert-rules-repo';
import { alertsDb } from './alert-tables';
import { metricAlertRoutes } from './metric/metric-alert-routes';
import { workflowRoutes } from './workflow-routes';

type RulesRoute = { Params: { org: string; project: string }; Querystring: RawQuery };
type RuleRoute = { Params: { org: string; project: string; rule: string } };

const RULE_BODY_LIMIT = 64 * 1024;

/** A model path (`triggers.0.window`) as the legacy body names it (`conditions.0.interval`). */
function legacyField(field: string): string {
  return field
    .replace(/^triggers\.(\d+)\.window$/, 'conditions.$1.interval')
    .replace(/^triggers\b/, 'conditions')
    .replace(/^triggerMatch$/, 'actionMatch')
    .replace(/^actionIntervalMinutes$/, 'frequency')
    .replace(/^actions\.(\d+)\.target\.memberId$/, 'actions.$1.targetIdentifier')
    .replace(/^actions\.(\d+)\.(url|target\.address)$/, 'actions.$1.settings');
}

const invalid = (problems: RuleProblem[]) =>
  new ApiError(
    400,
    problems.map((p) => `${p.field || 'rule'}: ${p.message}`).join('; '),
    Object.fromEntries(problems.map((p) => [p.field || 'non_field_errors', [p.message]])),
  );

export async function alertRuleRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  await workflowRoutes(app, ctx);
  await metricAlertRoutes(app, ctx);
  const db = alertsDb(ctx.db);
  const rules = createAlertRulesRepo(db, ctx.now);
  const path = '/api/0/projects/:org/:project/rules/';

  async function place(request: FastifyRequest<{ Params: { org: string; project: string } }>) {
    const org = await findOrganization(ctx, await authenticate(ctx, request), request.params.org);
    const project = await findProject(ctx, org.id, request.params.project);
    return { org, project };
  }

  async function ruleOf(organizationId: number, body: unknown): Promise<AlertRule> {
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new ApiError(400, 'The request body must be a JSON object.');
    const legacy = fromLegacyRule(body as Record<string, unknown>);
    if ('problems' in legacy) throw invalid(legacy.problems);
    const parsed = parseAlertRule(legacy.input);
    if ('problems' in parsed)
      throw invalid(parsed.problems.map((p) => ({ ...p, field: legacyField(p.field) })));
    for (const [i, action] of parsed.rule.actions.entries()) {
      if (action.type !== 'email' || action.target.kind !== 'member') continue;
      const member = await ctx.db
        .selectFrom('members')
        .select('id')
        .where('organization_id', '=', organizationId)
        .where('id', '=', Number(action.target.memberId))
        .executeTakeFirst();
      if (!member)
        throw invalid([
          { field: `actions.${i}.targetIdentifier`, message: 'no such member in this organization' },
        ]);
    }
    return parsed.rule;
  }

  const ruleId = (text: string) => {
    if (!/^\d{1,15}$/.test(text)) throw notFound();
    return Number(text);
  };

  app.get<RulesRoute>(path, async (request, reply) => {
    const { project } = await place(request);
    const limit = intParam(request.query, 'per_page', { min: 1, max: 100, fallback: 100 });
    const cursor = parseCursor(singleParam(request.query, 'cursor'));
    const rows = await rules.list(project.id, limit + 1, cursor.offset);
    const page = rows.slice(0, limit);
    const stats = await rules.stats(page.map((r) => r.id));
    reply.header('Link', linkHeader(request, { offset: cursor.offset, limit, hasMore: rows.length > limit }));
    return page.map((row) => serializeLegacyRule(row, project.slug, stats.get(row.id)));
  });

  app.post<RulesRoute>(path, { bodyLimit: RULE_BODY_LIMIT }, async (request, reply) => {
    const { org, project } = await place(request);
    const row = await rules.create(org.id, project.id, await ruleOf(org.id, request.body));
    return reply.code(201).send(serializeLegacyRule(row, project.slug, undefined));
  });

  app.get<RuleRoute>(`${path}:rule/`, async (request) => {
    const { project } = await place(request);
    const row = await rules.get(project.id, ruleId(request.params.rule));
    if (!row) throw notFound();
    return serializeLegacyRule(row, project.slug, (await rules.stats([row.id])).get(row.id));
  });

  app.put<RuleRoute>(`${path}:rule/`, { bodyLimit: RULE_BODY_LIMIT }, async (request) => {
    const { org, project } = await place(request);
    const id = ruleId(request.params.rule);
    if (!(await rules.get(project.id, id))) throw notFound();
    const row = await rules.replace(project.id, id, await ruleOf(org.id, request.body));
    if (!row) throw notFound();
    return serializeLegacyRule(row, project.slug, (await rules.stats([row.id])).get(row.id));
  });

  app.delete<RuleRoute>(`${path}:rule/`, async (request, reply) => {
    const { project } = await place(request);
    const id = ruleId(request.params.rule);
    if (!(await rules.get(project.id, id))) throw notFound();
    await rules.remove(id);
    return reply.code(202).send();
  });
}
