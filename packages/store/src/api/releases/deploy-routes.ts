/**
 * `/api/0` deploys of a release (`sentry-cli deploys new|list`). `environment` is required;
 * `name`/`url` arrive as JSON `null` when unset (sentry-cli always sends both); `dateFinished`
 * defaults to now. `projects`, when sent, must be projects of the organization; deploys are
 * recorded per release, not per project. Lists are newest first, with Sentry's cursors.
 */
import type { FastifyInstance } from 'fastify';
import { type ApiContext, authenticate, findOrganization } from '../http/api-context';
import { linkHeader, parseCursor } from '../http/pagination';
import { intParam, type RawQuery, singleParam } from '../http/query-params';
import { findRelease, projectsOfOrg } from './release-queries';
import {
  bodyObject,
  dateField,
  deployNameField,
  environmentField,
  projectsField,
  RELEASE_BODY_LIMIT,
  urlField,
} from './release-values';
import { serializeDeploy } from './serialize-release';

type DeploysRoute = { Params: { org: string; version: string }; Querystring: RawQuery };

export async function deployRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  const path = '/api/0/organizations/:org/releases/:version/deploys/';

  app.post<DeploysRoute>(path, { bodyLimit: RELEASE_BODY_LIMIT }, async (request, reply) => {
    const org = await findOrganization(ctx, await authenticate(ctx, request), request.params.org);
    const release = await findRelease(ctx, org.id, request.params.version);
    const body = bodyObject(request.body);
    const values = {
      release_id: release.id,
      environment: environmentField(body),
      name: deployNameField(body) ?? null,
      url: urlField(body) ?? null,
      date_started: dateField(body, 'dateStarted') ?? null,
      date_finished: dateField(body, 'dateFinished') ?? ctx.now(),
    };
    await projectsOfOrg(ctx, org.id, projectsField(body, { required: false }) ?? []);
    const deploy = await ctx.db.insertInto('deploys').values(values).returningAll().executeTakeFirstOrThrow();
    ctx.releaseChanged?.(org.id, release.version);
    return reply.code(201).send(serializeDeploy(deploy));
  });

  app.get<DeploysRoute>(path, async (request, reply) => {
    const org = await findOrganization(ctx, await authenticate(ctx, request), request.params.org);
    const release = await findRelease(ctx, org.id, request.params.version);
    const limit = intParam(request.query, 'per_page', { min: 1, max: 100, fallback: 100 });
    const cursor = parseCursor(singleParam(request.query, 'cursor'));
    const rows = await ctx.db
      .selectFrom('deploys')
      .selectAll()
      .where('release_id', '=', release.id)
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .offset(cursor.offset)
      .execute();
    reply.header('Link', linkHeader(request, { offset: cursor.offset, limit, hasMore: rows.length > limit }));
    return rows.slice(0, limit).map(serializeDeploy);
  });
}
