/**
 * Discover in the store: `GET /api/0/organizations/{org}/events/` (table) and `events-stats/`
 * (series), over the query model of `discover/discover-query.ts` and the engines of
 * `discover/discover-engine.ts`, answered in Sentry's shapes. `dataset=errors` (or `discover`, its
 * older name, or none) reads error events; `dataset=spans` is answered by the tracing routes.
 * Every refusal is a 400 `{detail, code, parameter}` naming the parameter.
 *
 * The table pages by Sentry's offset cursor (`0:<offset>:0`, `Link` header with `results`), at
 * most 100 rows a page as Sentry; an export reads every page.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { runStats, runTable } from '../../discover/discover-engine';
import { DiscoverQueryError } from '../../discover/discover-errors';
import { parseStatsQuery, parseTableQuery, type Scope } from '../../discover/discover-query';
import { resolveIssueShortIds } from '../../discover/issue-short-ids';
import type { ScanTarget } from '../../discover/scan-engine';
import { ApiError } from '../api-error';
import { type ApiContext, authenticate, baseUrlOf, findOrganization } from '../http/api-context';
import { type RawQuery, singleParam } from '../http/query-params';
import { filterLookups, projectsOf } from '../timeseries/timeseries-routes';
import { spanEvents } from '../traces/span-events';
import { spanStats } from '../traces/span-stats';

type EventsRoute = { Params: { org: string }; Querystring: RawQuery };

/** The model's refusal as the API's 400, with its code and parameter beside Sentry's `detail`. */
function asApiError(error: unknown): unknown {
  if (!(error instanceof DiscoverQueryError)) return error;
  return new ApiError(400, error.message, {
    detail: error.message,
    code: error.code,
    parameter: error.parameter,
  });
}

/** The engines' target, and the query with its `issue:<short id>` terms resolved to issue ids. */
async function targetOf<Q extends Scope>(
  ctx: ApiContext,
  request: FastifyRequest<EventsRoute>,
  scope: Q,
): Promise<{ target: ScanTarget; query: Q }> {
  const org = await findOrganization(ctx, await authenticate(ctx, request), request.params.org);
  const projectIds = await projectsOf(ctx, org.id, scope.projects);
  const projects = await ctx.db
    .selectFrom('projects')
    .select(['id', 'slug'])
    .where('organization_id', '=', org.id)
    .execute();
  return {
    target: { db: ctx.db, projectIds, slugs: new Map(projects.map((p) => [p.id, p.slug])), now: ctx.now() },
    query: await resolveIssueShortIds(scope, filterLookups(ctx, org.id).issueIds),
  };
}

/** Sentry's pagination links; the cursor is `<value>:<offset>:<is_prev>`. */
function linkHeader(
  request: FastifyRequest,
  offset: number,
  limit: number,
  hasMore: boolean,
  next: string,
): string {
  const url = new URL(request.url, baseUrlOf(request));
  const link = (cursor: string, rel: string, results: boolean) => {
    url.searchParams.set('cursor', cursor);
    return `<${url.toString()}>; rel="${rel}"; results="${results}"; cursor="${cursor}"`;
  };
  return [
    link(`0:${Math.max(0, offset - limit)}:1`, 'previous', offset > 0),
    link(next, 'next', hasMore),
  ].join(', ');
}

export async function discoverEventsRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get<EventsRoute>('/api/0/organizations/:org/events/', async (request, reply: FastifyReply) => {
    if (singleParam(request.query, 'dataset') === 'spans') return spanEvents(ctx, request);
    try {
      const query = parseTableQuery(request.query, ctx.now());
      if (query.dataset !== 'errors') {
        throw new DiscoverQueryError(
          'dataset',
          'unsupported-dataset',
          `the built-in store answers ${query.dataset} through dataset=spans only`,
        );
      }
      const { target, query: resolved } = await targetOf(ctx, request, query);
      const result = await runTable(target, resolved);
      reply.header('Link', linkHeader(request, query.offset, query.limit, result.hasMore, result.nextCursor));
      reply.header('X-Dexter-Discover-Engine', result.engine);
      return { data: result.data, meta: result.meta };
    } catch (error) {
      throw asApiError(error);
    }
  });

  app.get<EventsRoute>('/api/0/organizations/:org/events-stats/', async (request, reply: FastifyReply) => {
    if (singleParam(request.query, 'dataset') === 'spans') return spanStats(ctx, request);
    try {
      const query = parseStatsQuery(request.query, ctx.now());
      if (query.dataset !== 'errors') {
        throw new DiscoverQueryError(
          'dataset',
          'unsupported-dataset',
          'the built-in store answers events-stats for errors',
        );
      }
      const { target, query: resolved } = await targetOf(ctx, request, query);
      const { result, engine } = await runStats(target, resolved);
      reply.header('X-Dexter-Discover-Engine', engine);
      return result;
    } catch (error) {
      throw asApiError(error);
    }
  });
}
