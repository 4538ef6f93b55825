/**
 * `/api/0` repositories and release commits, as `sentry-cli releases set-commits|info -C` call
 * them: the organization's repositories (every page; `query` keeps names containing it,
 * `status=deleted` is empty: the store deletes none), a release's commits (org and project
 * scoped, in the order sent, Sentry's cursors) and `previous-with-commits`, which answers exactly
 * `{}` when there is none (sentry-cli reads anything else as a release).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type ApiContext, authenticate, findOrganization, findProject } from '../http/api-context';
import { linkHeader, parseCursor } from '../http/pagination';
import { intParam, type RawQuery, singleParam } from '../http/query-params';
import { previousReleaseWithCommits, releaseCommitsPage, repositoriesPage } from './commit-queries';
import { findRelease, releaseExtras } from './release-queries';
import { serializeCommit, serializeRepository } from './serialize-commit';
import { serializeRelease } from './serialize-release';

type OrgRoute = { Params: { org: string }; Querystring: RawQuery };
type CommitsRoute = { Params: { org: string; version: string; project?: string }; Querystring: RawQuery };

export async function commitRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get<OrgRoute>('/api/0/organizations/:org/repos/', async (request, reply) => {
    const org = await findOrganization(ctx, await authenticate(ctx, request), request.params.org);
    const limit = intParam(request.query, 'per_page', { min: 1, max: 100, fallback: 100 });
    const { offset } = parseCursor(singleParam(request.query, 'cursor'));
    const query = singleParam(request.query, 'query')?.trim() ?? '';
    const deleted = singleParam(request.query, 'status') === 'deleted';
    const page = deleted
      ? { repositories: [], hasMore: false }
      : await repositoriesPage(ctx, org.id, { query, offset, limit });
    reply.header('Link', linkHeader(request, { offset, limit, hasMore: page.hasMore }));
    return page.repositories.map(serializeRepository);
  });

  const listCommits = async (request: FastifyRequest<CommitsRoute>) => {
    const org = await findOrganization(ctx, await authenticate(ctx, request), request.params.org);
    if (request.params.project !== undefined) await findProject(ctx, org.id, request.params.project);
    const release = await findRelease(ctx, org.id, request.params.version);
    const limit = intParam(request.query, 'per_page', { min: 1, max: 100, fallback: 100 });
    const { offset } = parseCursor(singleParam(request.query, 'cursor'));
    const page = await releaseCommitsPage(ctx, release.id, offset, limit);
    return { release, offset, limit, ...page };
  };
  for (const path of [
    '/api/0/organizations/:org/releases/:version/commits/',
    '/api/0/projects/:org/:project/releases/:version/commits/',
  ]) {
    app.get<CommitsRoute>(path, async (request, reply) => {
      const { release, offset, limit, commits, hasMore } = await listCommits(request);
      reply.header('Link', linkHeader(request, { offset, limit, hasMore }));
      return commits.map((commit) => serializeCommit(commit, [release]));
    });
  }

  app.get<CommitsRoute>(
    '/api/0/organizations/:org/releases/:version/previous-with-commits/',
    async (request) => {
      const org = await findOrganization(ctx, await authenticate(ctx, request), request.params.org);
      const release = await findRelease(ctx, org.id, request.params.version);
      const previous = await previousReleaseWithCommits(ctx, release);
      if (!previous) return {};
      const extras = await releaseExtras(ctx, [previous]);
      return serializeRelease(previous, extras.get(previous.id)!);
    },
  );
}
