/**
 * `GET /api/0/organizations/{org}/issues-stats/?groups=1&groups=2`: counts and sparkline series of
 * chosen issues, which Sentry's issue stream loads after a list fetched with `collapse=stats`
 * (`OrganizationGroupIndexStatsEndpoint`; not in the public spec, shape from the server source,
 * sentry-api.md §2.C). Each item is `{id, count, userCount, firstSeen, lastSeen, stats: {period:
 * series}, lifetime, filtered}`, i.e. the list item with `base` collapsed.
 *
 * As in Sentry: `groups` is required (comma-separated values are also accepted), non-integers are
 * a 400, no matching issue is a 400, and more than 25 issues is a 400 ("Too many groups
 * requested."). The series follows `groupStatsPeriod` (`24h`, `14d`, `auto`; `''` turns it off),
 * or, without it, `statsPeriod` when that is `24h` or `14d`; `24h` otherwise.
 */
import { type IssueStatsSchema, MAX_ISSUE_STATS_GROUPS } from '@dexter/sentry-wire';
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { ApiError } from '../../api-error';
import { type ApiContext, authenticate, findOrganization, projectIdsParam } from '../../http/api-context';
import { listParam, type RawQuery, singleParam } from '../../http/query-params';
import { isoOf } from '../../organizations/serialize-organization';
import { dateRangeParam, type StatsKey, statsByIssue, statsKeyParam, statsWindow } from './issue-stats';

type OrgParams = { Params: { org: string }; Querystring: RawQuery };

function groupIdsParam(query: RawQuery): number[] {
  const values = listParam(query, 'groups').flatMap((value) => value.split(','));
  if (values.some((value) => !/^\d{1,15}$/.test(value.trim()))) {
    throw new ApiError(400, 'Group ids must be integers');
  }
  return [...new Set(values.map((value) => Number(value.trim())))];
}

export async function issuesStatsRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get<OrgParams>('/api/0/organizations/:org/issues-stats/', async (request) => {
    const org = await findOrganization(ctx, await authenticate(ctx, request), request.params.org);
    const groupIds = groupIdsParam(request.query);
    if (groupIds.length === 0) {
      throw new ApiError(400, 'You should include `groups` with your request. (i.e. groups=1,2,3)');
    }
    const projectIds = await projectIdsParam(ctx, org.id, listParam(request.query, 'project'));
    let select = ctx.db
      .selectFrom('issues')
      .innerJoin('projects', 'projects.id', 'issues.project_id')
      .selectAll('issues')
      .where('projects.organization_id', '=', org.id)
      .where('issues.id', 'in', groupIds);
    if (projectIds.length > 0) select = select.where('issues.project_id', 'in', projectIds);
    const rows = await select.execute();
    if (rows.length === 0) throw new ApiError(400, 'No matching groups found');
    if (rows.length > MAX_ISSUE_STATS_GROUPS) throw new ApiError(400, 'Too many groups requested.');

    const period = singleParam(request.query, 'statsPeriod');
    const fallback: StatsKey = period === '14d' ? '14d' : '24h';
    const key = statsKeyParam(request.query, fallback);
    const now = ctx.now();
    const window = key ? statsWindow(key, now, dateRangeParam(request.query, now)) : null;
    const stats = await statsByIssue(
      ctx,
      rows.map((row) => row.id),
      window,
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    return groupIds.flatMap((id) => {
      const issue = byId.get(id);
      if (!issue) return [];
      const seen = {
        count: String(issue.times_seen),
        userCount: issue.user_count,
        firstSeen: isoOf(issue.first_seen),
        lastSeen: isoOf(issue.last_seen),
      };
      return [
        {
          id: String(issue.id),
          ...seen,
          stats: stats(issue.id),
          lifetime: { ...seen, stats: null },
          filtered: null,
        } satisfies z.input<typeof IssueStatsSchema>,
      ];
    });
  });
}
