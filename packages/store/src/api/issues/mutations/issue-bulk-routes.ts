/**
 * Bulk mutation and removal of an organization's issues: `PUT` and `DELETE
 * /api/0/organizations/{org}/issues/` (spec "Bulk Mutate / Bulk Remove an Organization's Issues").
 *
 * - `id` (repeated) names the issues, at most 1,000 (`BULK_MUTATION_LIMIT`); more is a 400.
 *   Ids outside the organization or the `project` filter are ignored; when none is left the answer
 *   is 204 and nothing changes. (Recent Sentry falls back to the query when no id matches; the
 *   store does what the spec documents instead, so a stale selection can never widen into
 *   "everything matching".)
 * - Without `id`, a status update applies to the issues matching `query` (default
 *   `is:unresolved`), `project` and `environment`, capped at the first 1,000 in `sort` order, as
 *   Sentry's `BULK_MUTATION_LIMIT` caps it; any other change needs ids (400). `DELETE` without
 *   ids removes the first 1,000 matching issues, as Sentry does.
 * - `PUT` answers 200 with the applied changes (`OrganizationGroupIndexPutResponse`); `DELETE`
 *   answers 204.
 */
import { BULK_MUTATION_LIMIT } from '@dexter/sentry-wire';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../../api-error';
import {
  type Actor,
  type ApiContext,
  authenticateActor,
  findOrganization,
  projectIdsParam,
} from '../../http/api-context';
import { idListParam, listParam, type RawQuery, singleParam } from '../../http/query-params';
import { matchingIssueIds } from '../../issue-list';
import { deleteIssues } from './issue-delete';
import { updateIssues } from './issue-update';
import { changesMoreThanStatus, parseIssueUpdateBody } from './issue-update-body';

type OrgRequest = FastifyRequest<{ Params: { org: string }; Querystring: RawQuery }>;

interface Target {
  actor: Actor;
  ids: number[];
}

async function targetOf(ctx: ApiContext, request: OrgRequest): Promise<Target> {
  const actor = await authenticateActor(ctx, request);
  const org = await findOrganization(ctx, actor.organizationId, request.params.org);
  const requested = listParam(request.query, 'id');
  if (requested.length > BULK_MUTATION_LIMIT) {
    throw new ApiError(
      400,
      `Too many issues: at most ${BULK_MUTATION_LIMIT} ids per request, got ${requested.length}`,
    );
  }
  const ids = idListParam(request.query, 'id');
  const projectIds = await projectIdsParam(ctx, org.id, listParam(request.query, 'project'));
  if (ids.length > 0) {
    let select = ctx.db
      .selectFrom('issues')
      .innerJoin('projects', 'projects.id', 'issues.project_id')
      .select('issues.id')
      .where('projects.organization_id', '=', org.id)
      .where('issues.id', 'in', ids);
    if (projectIds.length > 0) select = select.where('issues.project_id', 'in', projectIds);
    return { actor, ids: (await select.execute()).map((row) => row.id) };
  }
  const matched = await matchingIssueIds(
    ctx,
    {
      organizationId: org.id,
      query: singleParam(request.query, 'query'),
      projectIds,
      environments: listParam(request.query, 'environment'),
      groupIds: [],
      memberId: actor.memberId,
    },
    singleParam(request.query, 'sort'),
    BULK_MUTATION_LIMIT,
  );
  return { actor, ids: matched };
}

export async function issueBulkRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.put<{ Params: { org: string }; Querystring: RawQuery }>(
    '/api/0/organizations/:org/issues/',
    async (request, reply) => {
      const body = parseIssueUpdateBody(request.body);
      if (listParam(request.query, 'id').length === 0 && (!body.status || changesMoreThanStatus(body))) {
        throw new ApiError(400, 'You must specify a list of IDs for this operation');
      }
      const target = await targetOf(ctx, request);
      if (target.ids.length === 0) return reply.code(204).send();
      return updateIssues(ctx, target.actor, target.ids, body);
    },
  );

  app.delete<{ Params: { org: string }; Querystring: RawQuery }>(
    '/api/0/organizations/:org/issues/',
    async (request, reply) => {
      const target = await targetOf(ctx, request);
      if (target.ids.length > 0) await ctx.db.transaction().execute((trx) => deleteIssues(trx, target.ids));
      return reply.code(204).send();
    },
  );
}
