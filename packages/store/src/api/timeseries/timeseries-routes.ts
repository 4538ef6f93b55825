/**
 * `GET /api/0/organizations/{org}/events-timeseries/` over the event rollup, answered as Sentry's
 * `OrganizationEventsTimeseriesEndpoint` serializes it: timestamps and `meta.interval` in ms, a
 * value per interval zero-filled, `incomplete` for an interval that has not ended yet, and with
 * `topEvents` one series per group (`groupBy: [{key, value}]`, `meta.order`, `meta.isOther`)
 * plus "Other". A release or environment that events did not have shows as null. One issue's
 * timeline is `query=issue.id:N`. Parameters: `timeseries-params.ts`; query: `rollup-filter.ts`.
 */
import type { FastifyInstance } from 'fastify';
import { decodeShortIdNumber } from '../../short-id';
import { ApiError } from '../api-error';
import { type ApiContext, authenticate, findOrganization } from '../http/api-context';
import type { RawQuery } from '../http/query-params';
import { compileRollupFilter, type FilterLookups } from './rollup-filter';
import { type CountSeries, rollupSeries } from './rollup-series';
import { parseTimeseriesParams } from './timeseries-params';

type TimeseriesRoute = { Params: { org: string }; Querystring: RawQuery };

export async function timeseriesRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get<TimeseriesRoute>('/api/0/organizations/:org/events-timeseries/', async (request) => {
    const org = await findOrganization(ctx, await authenticate(ctx, request), request.params.org);
    const now = ctx.now();
    const params = parseTimeseriesParams(request.query, now);
    const projectIds = await projectsOf(ctx, org.id, params.projects);
    // Sentry answers an organization without projects with no series and no meta.
    if (projectIds.length === 0) return { timeSeries: [] };
    const filter = await compileRollupFilter(params.query, filterLookups(ctx, org.id));
    const result = await rollupSeries(ctx.db, { ...params, projectIds, filter });
    return {
      meta: { dataset: 'errors', start: params.start, end: params.end },
      timeSeries: result.series.map((series, order) => ({
        yAxis: 'count()',
        ...(series.group ? { groupBy: groupByOf(series) } : {}),
        meta: {
          valueType: 'integer',
          valueUnit: null,
          interval: params.interval,
          ...(params.topEvents > 0 ? { order, isOther: series.isOther } : {}),
        },
        values: series.values.map((value, i) => {
          const timestamp = result.timestamps[i]!;
          return { timestamp, value, incomplete: timestamp + params.interval > now };
        }),
      })),
    };
  });
}

const groupByOf = (series: CountSeries) =>
  Object.entries(series.group ?? {}).map(([key, value]) => ({ key, value: value === '' ? null : value }));

/** The organization's projects, or those of `project=` (ids or slugs, -1 for all); others are a 403. */
export async function projectsOf(
  ctx: ApiContext,
  organizationId: number,
  values: string[],
): Promise<number[]> {
  const rows = await ctx.db
    .selectFrom('projects')
    .select(['id', 'slug'])
    .where('organization_id', '=', organizationId)
    .execute();
  const wanted = values.filter((value) => value !== '-1' && value !== '');
  if (wanted.length === 0) return rows.map((row) => row.id);
  const ids = new Set<number>();
  for (const value of wanted) {
    const row = rows.find((r) => String(r.id) === value || r.slug === value);
    if (!row) throw new ApiError(403, 'You do not have permission to perform this action.');
    ids.add(row.id);
  }
  return [...ids];
}

export function filterLookups(ctx: ApiContext, organizationId: number): FilterLookups {
  return {
    async projectIds(slugs) {
      const rows = await ctx.db
        .selectFrom('projects')
        .select(['id', 'slug'])
        .where('organization_id', '=', organizationId)
        .where('slug', 'in', slugs)
        .execute();
      return new Map(rows.map((row) => [row.slug, row.id]));
    },
    async issueIds(shortIds) {
      const found = new Map<string, number>();
      for (const shortId of new Set(shortIds)) {
        const dash = shortId.lastIndexOf('-');
        const number = dash > 0 ? decodeShortIdNumber(shortId.slice(dash + 1)) : null;
        if (number === null) continue;
        const row = await ctx.db
          .selectFrom('issues')
          .innerJoin('projects', 'projects.id', 'issues.project_id')
          .select('issues.id')
          .where('projects.organization_id', '=', organizationId)
          .where((eb) => eb(eb.fn('upper', ['projects.slug']), '=', shortId.slice(0, dash).toUpperCase()))
          .where('issues.short_id_num', '=', number)
          .executeTakeFirst();
        if (row) found.set(shortId, row.id);
      }
      return found;
    },
  };
}
