/**
 * `/api/0` issue routes: list and search, detail, and the single-issue update (`PUT
 * /issues/{id}/`), which takes every field of the bulk update except `merge` and answers with the
 * whole updated issue, as Sentry's `GroupDetailsEndpoint.put` does.
 *
 * The list's `groupStatsPeriod` picks the `stats` series (`24h` by default, `14d`, `auto`, or `''`
 * for none, answered as `{}`); `statsPeriod` or `start`/`end` narrow the issues to a date range.
 */
import type { FastifyInstance } from 'fastify';
import {
  type ApiContext,
  authenticateActor,
  baseUrlOf,
  findIssue,
  findOrganization,
  projectIdsParam,
  projectsById,
} from '../http/api-context';
import { linkHeader, parseCursor } from '../http/pagination';
import { idListParam, intParam, listParam, type RawQuery, singleParam } from '../http/query-params';
import { listIssues } from '../issue-list';
import { listActivities } from './activity/activity-list';
import { decorateIssues } from './issue-decorations';
import { firstLastRelease } from './issue-releases';
import { updateIssues } from './mutations/issue-update';
import { parseIssueUpdateBody } from './mutations/issue-update-body';
import { serializeIssueBase, serializeIssueDetail, serializeIssueListItem } from './serialize-issue';
import { dateRangeParam, statsByIssue, statsKeyParam, statsWindow } from './stats/issue-stats';
import { tagKeySummaries } from './tags/issue-tags';

type OrgParams = { Params: { org: string }; Querystring: RawQuery };
type IssueParams = { Params: { org: string; issueId: string }; Querystring: RawQuery };

export async function issueRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get<OrgParams>('/api/0/organizations/:org/issues/', async (request, reply) => {
    const actor = await authenticateActor(ctx, request);
    const org = await findOrganization(ctx, actor.organizationId, request.params.org);
    const limit = intParam(request.query, 'limit', { min: 1, max: 100, fallback: 100 });
    const cursor = parseCursor(singleParam(request.query, 'cursor'));
    const now = ctx.now();
    const range = dateRangeParam(request.query, now);
    const statsKey = statsKeyParam(request.query);
    const { rows, hasMore, hits } = await listIssues(ctx, {
      organizationId: org.id,
      query: singleParam(request.query, 'query'),
      sort: singleParam(request.query, 'sort'),
      limit,
      offset: cursor.offset,
      projectIds: await projectIdsParam(ctx, org.id, listParam(request.query, 'project')),
      environments: listParam(request.query, 'environment'),
      groupIds: idListParam(request.query, 'group'),
      memberId: actor.memberId,
      range,
    });
    const ids = rows.map((row) => row.id);
    const [projects, stats, decorate] = await Promise.all([
      projectsById(
        ctx,
        rows.map((row) => row.project_id),
      ),
      statsByIssue(ctx, ids, statsKey ? statsWindow(statsKey, now, range) : null),
      decorateIssues(ctx.db, rows, actor.memberId),
    ]);
    reply.header('Link', linkHeader(request, { offset: cursor.offset, limit, hasMore }));
    reply.header('X-Hits', String(hits));
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

  app.get<IssueParams>('/api/0/organizations/:org/issues/:issueId/', async (request) => {
    const actor = await authenticateActor(ctx, request);
    const org = await findOrganization(ctx, actor.organizationId, request.params.org);
    const issue = await findIssue(ctx, org.id, request.params.issueId);
    const [projects, stats, tags, activity, decorate, releases] = await Promise.all([
      projectsById(ctx, [issue.project_id]),
      statsByIssue(ctx, [issue.id], statsWindow('24h', ctx.now())),
      tagKeySummaries(ctx.db, issue.id),
      listActivities(ctx.db, issue),
      decorateIssues(ctx.db, [issue], actor.memberId),
      firstLastRelease(ctx, issue),
    ]);
    return serializeIssueDetail(
      issue,
      projects.get(issue.project_id),
      {
        decoration: decorate(issue),
        stats: stats(issue.id),
        tags: tags.map(({ key, name, totalValues }) => ({ key, name, totalValues })),
        activity,
        releases,
      },
      baseUrlOf(request),
      org.slug,
    );
  });

  app.put<IssueParams>('/api/0/organizations/:org/issues/:issueId/', async (request) => {
    const actor = await authenticateActor(ctx, request);
    const org = await findOrganization(ctx, actor.organizationId, request.params.org);
    const issue = await findIssue(ctx, org.id, request.params.issueId);
    const body = parseIssueUpdateBody(request.body ?? {});
    await updateIssues(ctx, actor, [issue.id], { ...body, merge: undefined });
    const updated = await findIssue(ctx, org.id, request.params.issueId);
    const [projects, decorate] = await Promise.all([
      projectsById(ctx, [updated.project_id]),
      decorateIssues(ctx.db, [updated], actor.memberId),
    ]);
    return serializeIssueBase(
      updated,
      projects.get(updated.project_id),
      decorate(updated),
      baseUrlOf(request),
      org.slug,
    );
  });
}
