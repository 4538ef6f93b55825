/**
 * `GET /api/0/organizations/{org}/releases/{version}/resolved/`, issues resolved in a release:
 * not in the public spec; this follows Sentry's `OrganizationIssuesResolvedInReleaseEndpoint`.
 * An issue counts when its resolution names the release (Sentry's `GroupResolution.release`:
 * resolved in it, or in the next release while it was the newest and no later one exists yet) or
 * when it was resolved in a commit the release contains (`GroupLink`). The whole list at once, no
 * cursor, as Sentry answers it; `project` narrows it to some projects. Each issue is shaped as in
 * the issue list (24h stats).
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { parseResolution } from '../../releases/issue-resolution';
import {
  type ApiContext,
  authenticateActor,
  baseUrlOf,
  findOrganization,
  projectIdsParam,
  projectsById,
} from '../http/api-context';
import { listParam, type RawQuery } from '../http/query-params';
import { decorateIssues } from '../issues/issue-decorations';
import { serializeIssueListItem } from '../issues/serialize-issue';
import { statsByIssue, statsWindow } from '../issues/stats/issue-stats';
import { findRelease } from './release-queries';

type ResolvedRoute = { Params: { org: string; version: string }; Querystring: RawQuery };

export async function resolvedRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get<ResolvedRoute>('/api/0/organizations/:org/releases/:version/resolved/', async (request) => {
    const actor = await authenticateActor(ctx, request);
    const org = await findOrganization(ctx, actor.organizationId, request.params.org);
    const release = await findRelease(ctx, org.id, request.params.version);
    const projectIds = await projectIdsParam(ctx, org.id, listParam(request.query, 'project'));
    const shipped = await ctx.db
      .selectFrom('release_commits')
      .innerJoin('commits', 'commits.id', 'release_commits.commit_id')
      .select(['commits.repository_id', 'commits.key'])
      .where('release_commits.release_id', '=', release.id)
      .execute();
    const inCommits = new Set(shipped.map((commit) => `${commit.repository_id}:${commit.key}`));
    let candidates = ctx.db
      .selectFrom('issues')
      .selectAll('issues')
      .where('status', '=', 'resolved')
      .where('resolution', 'is not', null)
      .where('project_id', 'in', (eb) =>
        eb.selectFrom('projects').select('id').where('organization_id', '=', org.id),
      )
      .where(
        sql<boolean>`(json_extract(resolution, '$.release') = ${release.version}
          or json_extract(resolution, '$.current') = ${release.version}
          or json_extract(resolution, '$.type') = 'in_commit')`,
      );
    if (projectIds.length > 0) candidates = candidates.where('project_id', 'in', projectIds);
    const rows = (await candidates.orderBy('last_seen', 'desc').orderBy('id', 'desc').execute()).filter(
      (issue) => {
        const resolution = parseResolution(issue.resolution);
        switch (resolution?.type) {
          case 'in_release':
            return resolution.release === release.version;
          case 'in_next_release':
            return (resolution.release ?? resolution.current) === release.version;
          case 'in_commit':
            return inCommits.has(`${resolution.repositoryId}:${resolution.commit}`);
          default:
            return false;
        }
      },
    );
    const [projects, stats, decorate] = await Promise.all([
      projectsById(
        ctx,
        rows.map((row) => row.project_id),
      ),
      statsByIssue(
        ctx,
        rows.map((row) => row.id),
        statsWindow('24h', ctx.now()),
      ),
      decorateIssues(ctx.db, rows, actor.memberId),
    ]);
    return rows.map((row) =>
      serializeIssueListItem(
        row,
        projects.get(row.project_id),
        decorate(row),
        stats(row.id),
        baseUrlOf(request),
        org.slug,
      ),
    );
  });
}
