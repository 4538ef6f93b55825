/**
 * An issue's first and last release as Sentry's `get_first_last_release` answers them: the
 * release serialized in full when the project has a record of it, `{version}` alone when only
 * events named it, null when the issue has none. The issue detail embeds them; the
 * `first-last-release/` route (not in the public spec; Sentry's `GroupFirstLastReleaseEndpoint`)
 * answers them with the issue id.
 */
import type { FastifyInstance } from 'fastify';
import type { IssueRow } from '../../db/schema';
import { type ApiContext, authenticate, findIssue, findOrganization } from '../http/api-context';
import { releaseExtras } from '../releases/release-queries';
import { serializeRelease } from '../releases/serialize-release';

type IssueParams = { Params: { org: string; issueId: string } };

export async function firstLastRelease(ctx: ApiContext, issue: IssueRow) {
  const versions = [issue.first_release, issue.last_release].filter((v): v is string => v !== null);
  if (versions.length === 0) return { firstRelease: null, lastRelease: null };
  const records = await ctx.db
    .selectFrom('releases')
    .innerJoin('release_projects', 'release_projects.release_id', 'releases.id')
    .selectAll('releases')
    .where('release_projects.project_id', '=', issue.project_id)
    .where('releases.version', 'in', versions)
    .execute();
  const extras = await releaseExtras(ctx, records);
  const info = (version: string | null) => {
    if (version === null) return null;
    const record = records.find((release) => release.version === version);
    return record ? serializeRelease(record, extras.get(record.id)!) : { version };
  };
  return { firstRelease: info(issue.first_release), lastRelease: info(issue.last_release) };
}

export async function issueReleaseRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get<IssueParams>('/api/0/organizations/:org/issues/:issueId/first-last-release/', async (request) => {
    const org = await findOrganization(ctx, await authenticate(ctx, request), request.params.org);
    const issue = await findIssue(ctx, org.id, request.params.issueId);
    return { id: String(issue.id), ...(await firstLastRelease(ctx, issue)) };
  });
}
