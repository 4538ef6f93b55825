/** `/api/0` issue routes: list and search, detail, and status changes. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  type ApiContext,
  authenticate,
  baseUrlOf,
  findIssue,
  findOrganization,
  projectsById,
} from './api-context';
import { ApiError } from './api-error';
import { listIssues } from './issue-list';
import { hourlyStats } from './issue-stats';
import { linkHeader, parseCursor } from './pagination';
import { idListParam, intParam, listParam, type RawQuery, singleParam } from './query-params';
import { serializeIssueBase, serializeIssueDetail, serializeIssueListItem } from './serialize-issue';

type OrgParams = { Params: { org: string }; Querystring: RawQuery };
type IssueParams = { Params: { org: string; issueId: string }; Querystring: RawQuery };

const IssueUpdateBodySchema = z.object({
  status: z.enum(['resolved', 'unresolved', 'ignored', 'resolvedInNextRelease']).optional(),
  substatus: z.string().nullable().optional(),
  statusDetails: z.record(z.string(), z.unknown()).optional(),
});

export async function issueRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get<OrgParams>('/api/0/organizations/:org/issues/', async (request, reply) => {
    const org = await findOrganization(ctx, await authenticate(ctx, request), request.params.org);
    const limit = intParam(request.query, 'limit', { min: 1, max: 100, fallback: 100 });
    const cursor = parseCursor(singleParam(request.query, 'cursor'));
    const { rows, hasMore, hits } = await listIssues(ctx, {
      organizationId: org.id,
      query: singleParam(request.query, 'query'),
      sort: singleParam(request.query, 'sort'),
      limit,
      offset: cursor.offset,
      projectIds: idListParam(request.query, 'project'),
      environments: listParam(request.query, 'environment'),
      groupIds: idListParam(request.query, 'group'),
    });
    const [projects, stats] = await Promise.all([
      projectsById(
        ctx,
        rows.map((row) => row.project_id),
      ),
      hourlyStats(
        ctx,
        rows.map((row) => row.id),
      ),
    ]);
    reply.header('Link', linkHeader(request, { offset: cursor.offset, limit, hasMore }));
    reply.header('X-Hits', String(hits));
    return rows.map((row) =>
      serializeIssueListItem(
        row,
        projects.get(row.project_id),
        stats.get(row.id) ?? [],
        baseUrlOf(request),
        org.slug,
      ),
    );
  });

  app.get<IssueParams>('/api/0/organizations/:org/issues/:issueId/', async (request) => {
    const org = await findOrganization(ctx, await authenticate(ctx, request), request.params.org);
    const issue = await findIssue(ctx, org.id, request.params.issueId);
    const [projects, stats, tagKeys] = await Promise.all([
      projectsById(ctx, [issue.project_id]),
      hourlyStats(ctx, [issue.id]),
      ctx.db
        .selectFrom('issue_tags')
        .select(['key', (eb) => eb.fn.countAll<number>().as('n')])
        .where('issue_id', '=', issue.id)
        .groupBy('key')
        .orderBy('key')
        .execute(),
    ]);
    return serializeIssueDetail(
      issue,
      projects.get(issue.project_id),
      {
        stats: stats.get(issue.id) ?? [],
        tags: tagKeys.map((t) => ({ key: t.key, name: t.key, totalValues: Number(t.n) })),
      },
      baseUrlOf(request),
      org.slug,
    );
  });

  app.put<IssueParams>('/api/0/organizations/:org/issues/:issueId/', async (request) => {
    const org = await findOrganization(ctx, await authenticate(ctx, request), request.params.org);
    const issue = await findIssue(ctx, org.id, request.params.issueId);
    const parsed = IssueUpdateBodySchema.safeParse(request.body ?? {});
    if (!parsed.success) {
      const issueText = parsed.error.issues[0];
      throw new ApiError(
        400,
        `Invalid ${issueText?.path.join('.') || 'body'}: ${issueText?.message ?? 'invalid'}`,
      );
    }
    const { status, statusDetails } = parsed.data;
    if (status) {
      const stored = status === 'resolvedInNextRelease' ? 'resolved' : status;
      const substatus =
        stored === 'unresolved' ? 'ongoing' : stored === 'ignored' ? 'archived_forever' : null;
      await ctx.db
        .updateTable('issues')
        .set({
          status: stored,
          substatus: parsed.data.substatus ?? substatus,
          status_details: JSON.stringify(
            status === 'resolvedInNextRelease' ? { inNextRelease: true } : (statusDetails ?? {}),
          ),
        })
        .where('id', '=', issue.id)
        .execute();
    }
    const updated = await findIssue(ctx, org.id, request.params.issueId);
    const projects = await projectsById(ctx, [updated.project_id]);
    return serializeIssueBase(updated, projects.get(updated.project_id), baseUrlOf(request), org.slug);
  });
}
