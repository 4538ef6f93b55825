/**
 * `/api/0` releases, as `sentry-cli releases new|finalize|info|list|delete` and Sentry's Web API
 * call them. Creating a version the organization already has answers 208 with the release (and
 * adds any new projects to it), as Sentry does; `sentry-cli` treats 208 as success. Finalizing is
 * a PUT of `dateReleased`. `commits`/`refs` in a POST (within its small body limit) or a PUT
 * replace the release's commits (`commit-writes.ts`). Deletion is refused (400) while an issue
 * first appeared in the release, as Sentry refuses releases "referenced by active issues". A new release settles the "resolved in
 * the next release" issues of its projects (`release-resolutions.ts`). Lists are newest first, with Sentry's
 * cursors; `query` keeps versions that start with it; `environment` is not applied.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { ReleaseRow } from '../../db/schema';
import { ApiError } from '../api-error';
import {
  type ApiContext,
  authenticate,
  findOrganization,
  findProject,
  projectIdsParam,
} from '../http/api-context';
import { linkHeader, parseCursor } from '../http/pagination';
import { intParam, listParam, type RawQuery, singleParam } from '../http/query-params';
import { COMMITS_BODY_LIMIT, commitsField, refsField } from './commit-values';
import { setReleaseCommits } from './commit-writes';
import {
  addHealthExtras,
  pageByHealth,
  releaseHealthRequest,
  releaseSortParam,
} from './release-health-fields';
import {
  addReleaseProjects,
  deleteRelease,
  findRelease,
  projectsOfOrg,
  releaseExtras,
  releaseIsReferenced,
} from './release-queries';
import { settleNextReleaseResolutions } from './release-resolutions';
import {
  bodyObject,
  dateField,
  projectsField,
  RELEASE_BODY_LIMIT,
  refField,
  urlField,
  versionField,
} from './release-values';
import { serializeRelease } from './serialize-release';

type OrgRoute = { Params: { org: string }; Querystring: RawQuery };
type ReleaseRoute = { Params: { org: string; version: string }; Querystring: RawQuery };
type ProjectRoute = { Params: { org: string; project: string }; Querystring: RawQuery };

const likePrefix = (text: string) => `${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

async function serializeOne(ctx: ApiContext, release: ReleaseRow, query: RawQuery = {}) {
  const extras = await releaseExtras(ctx, [release]);
  await addHealthExtras(ctx, [release], extras, releaseHealthRequest(query, ctx.now()));
  return serializeRelease(release, extras.get(release.id)!);
}

async function listReleases(
  ctx: ApiContext,
  request: FastifyRequest<{ Querystring: RawQuery }>,
  organizationId: number,
  projectIds: number[],
) {
  const limit = intParam(request.query, 'per_page', { min: 1, max: 100, fallback: 100 });
  const cursor = parseCursor(singleParam(request.query, 'cursor'));
  const query = singleParam(request.query, 'query')?.trim() ?? '';
  const sort = releaseSortParam(request.query);
  const health = releaseHealthRequest(request.query, ctx.now());
  let select = ctx.db.selectFrom('releases').selectAll().where('organization_id', '=', organizationId);
  if (projectIds.length > 0) {
    select = select.where('id', 'in', (eb) =>
      eb.selectFrom('release_projects').select('release_id').where('project_id', 'in', projectIds),
    );
  }
  if (query !== '') select = select.where(sql<boolean>`lower(version) like ${likePrefix(query)} escape '\\'`);
  const rows =
    sort === 'date'
      ? await select
          .orderBy('date_created', 'desc')
          .orderBy('id', 'desc')
          .limit(limit + 1)
          .offset(cursor.offset)
          .execute()
      : await pageByHealth(ctx, await select.execute(), {
          organizationId,
          projectIds,
          sort,
          options: health.options,
          offset: cursor.offset,
          limit: limit + 1,
        });
  const page = rows.slice(0, limit);
  const extras = await releaseExtras(ctx, page);
  await addHealthExtras(ctx, page, extras, health);
  return {
    link: linkHeader(request, { offset: cursor.offset, limit, hasMore: rows.length > limit }),
    body: page.map((release) => serializeRelease(release, extras.get(release.id)!)),
  };
}

export async function releaseRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  const orgPath = '/api/0/organizations/:org/releases/';
  const releasePath = '/api/0/organizations/:org/releases/:version/';

  app.get<OrgRoute>(orgPath, async (request, reply) => {
    const org = await findOrganization(ctx, await authenticate(ctx, request), request.params.org);
    const projectIds = await projectIdsParam(ctx, org.id, listParam(request.query, 'project'));
    const { link, body } = await listReleases(ctx, request, org.id, projectIds);
    return reply.header('Link', link).send(body);
  });

  app.get<ProjectRoute>('/api/0/projects/:org/:project/releases/', async (request, reply) => {
    const org = await findOrganization(ctx, await authenticate(ctx, request), request.params.org);
    const project = await findProject(ctx, org.id, request.params.project);
    const { link, body } = await listReleases(ctx, request, org.id, [project.id]);
    return reply.header('Link', link).send(body);
  });

  app.post<OrgRoute>(orgPath, { bodyLimit: RELEASE_BODY_LIMIT }, async (request, reply) => {
    const org = await findOrganization(ctx, await authenticate(ctx, request), request.params.org);
    const body = bodyObject(request.body);
    const version = versionField(body);
    const projects = await projectsOfOrg(ctx, org.id, projectsField(body, { required: true }) ?? []);
    const commits = { commits: commitsField(body, `organization-${org.id}`), refs: refsField(body) };
    const values = {
      ref: refField(body) ?? null,
      url: urlField(body) ?? null,
      date_started: dateField(body, 'dateStarted') ?? null,
      date_released: dateField(body, 'dateReleased') ?? null,
    };
    const inserted = await ctx.db
      .insertInto('releases')
      .values({ organization_id: org.id, version, date_created: ctx.now(), ...values })
      .onConflict((oc) => oc.columns(['organization_id', 'version']).doNothing())
      .executeTakeFirst();
    const release = await findRelease(ctx, org.id, version);
    await addReleaseProjects(
      ctx,
      release.id,
      projects.map((project) => project.id),
    );
    const created = Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
    const settled = created
      ? await settleNextReleaseResolutions(ctx.db, {
          ...release,
          date: release.date_released ?? release.date_created,
        })
      : [];
    const fixed = await setReleaseCommits(ctx.db, release, commits, ctx.now());
    ctx.statusChanged?.([...settled, ...fixed], 'resolved');
    ctx.releaseChanged?.(org.id, release.version);
    return reply.code(created ? 201 : 208).send(await serializeOne(ctx, release));
  });

  app.get<ReleaseRoute>(releasePath, async (request) => {
    const org = await findOrganization(ctx, await authenticate(ctx, request), request.params.org);
    return serializeOne(ctx, await findRelease(ctx, org.id, request.params.version), request.query);
  });

  app.put<ReleaseRoute>(releasePath, { bodyLimit: COMMITS_BODY_LIMIT }, async (request) => {
    const org = await findOrganization(ctx, await authenticate(ctx, request), request.params.org);
    const release = await findRelease(ctx, org.id, request.params.version);
    const body = bodyObject(request.body ?? {});
    const projects = await projectsOfOrg(ctx, org.id, projectsField(body, { required: false }) ?? []);
    const changes = {
      ref: refField(body),
      url: urlField(body),
      date_started: dateField(body, 'dateStarted'),
      date_released: dateField(body, 'dateReleased'),
    };
    const commits = { commits: commitsField(body, `organization-${org.id}`), refs: refsField(body) };
    const set = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    if (Object.keys(set).length > 0)
      await ctx.db.updateTable('releases').set(set).where('id', '=', release.id).execute();
    await addReleaseProjects(
      ctx,
      release.id,
      projects.map((project) => project.id),
    );
    ctx.statusChanged?.(await setReleaseCommits(ctx.db, release, commits, ctx.now()), 'resolved');
    ctx.releaseChanged?.(org.id, release.version);
    return serializeOne(ctx, await findRelease(ctx, org.id, release.version));
  });

  app.delete<ReleaseRoute>(releasePath, async (request, reply) => {
    const org = await findOrganization(ctx, await authenticate(ctx, request), request.params.org);
    const release = await findRelease(ctx, org.id, request.params.version);
    if (await releaseIsReferenced(ctx, release))
      throw new ApiError(400, 'This release is referenced by active issues and cannot be removed.');
    await deleteRelease(ctx, release.id);
    ctx.releaseChanged?.(org.id, release.version);
    return reply.code(204).send();
  });
}
