/**
 * `GET /api/0/organizations/{org}/events/` (spec "Query Explore Events in Table Format"), the
 * first slice of Discover in the store: error events per country, which the geographic impact
 * map needs (`count()` and `count_unique(user)` grouped by `geo.country_code`). Any other field,
 * dataset or function is a 400 naming it, so a caller never mistakes "not answered" for "none".
 * Full Discover is issue 16; a field is one entry of `FIELDS`.
 *
 * Parameters: `field` (required, repeated), `dataset` (`errors`, or none), `statsPeriod` or
 * `start`/`end` (default 24h), `project`, `environment`, `query` (the keys events-timeseries
 * answers: release, environment, project, issue, issue.id, has:), `sort` (`-count()` by default),
 * `per_page` (1–100, default 50). Rows follow Sentry's shape: one object per group keyed by the
 * field names, an event without a country grouped under "", and `meta.fields`/`meta.units`.
 */
import type { FastifyInstance } from 'fastify';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { ApiError } from '../api-error';
import { type ApiContext, authenticate, findOrganization } from '../http/api-context';
import { intParam, listParam, type RawQuery, singleParam } from '../http/query-params';
import { compileRollupFilter } from '../timeseries/rollup-filter';
import { parseTimeseriesParams } from '../timeseries/timeseries-params';
import { filterLookups, projectsOf } from '../timeseries/timeseries-routes';
import { spanEvents } from '../traces/span-events';

type EventsRoute = { Params: { org: string }; Querystring: RawQuery };

/** What each field is in SQL over one event row, and its type in `meta.fields`. */
const FIELDS = {
  'geo.country_code': { sql: sql`country`, type: 'string', aggregate: false },
  'count()': { sql: sql`count(*)`, type: 'integer', aggregate: true },
  'count_unique(user)': { sql: sql`count(distinct user_key)`, type: 'integer', aggregate: true },
} as const;
type Field = keyof typeof FIELDS;
const ANSWERED = Object.keys(FIELDS).join(', ');

// Sentry's `user` of an event: the first of id, email, username and IP, as the issue's user count.
const USER_KEY = sql`coalesce(
  'id:' || json_extract(data, '$.user.id'),
  'email:' || json_extract(data, '$.user.email'),
  'username:' || json_extract(data, '$.user.username'),
  'ip:' || json_extract(data, '$.user.ipAddress'))`;

const bad = (name: string, problem: string) => new ApiError(400, `Invalid ${name}: ${problem}`);

function fieldsOf(query: RawQuery): Field[] {
  const fields = listParam(query, 'field');
  if (fields.length === 0) throw bad('field', 'at least one field is required');
  for (const field of fields) {
    if (!(field in FIELDS)) {
      throw bad('field', `${JSON.stringify(field.slice(0, 50))}; the built-in store answers ${ANSWERED}`);
    }
  }
  return [...new Set(fields)] as Field[];
}

function sortOf(query: RawQuery, fields: Field[]): { field: Field; descending: boolean } {
  const raw = singleParam(query, 'sort') ?? singleParam(query, 'orderby');
  const fallback = fields.find((f) => FIELDS[f].aggregate) ?? fields[0]!;
  if (raw === undefined || raw === '') return { field: fallback, descending: true };
  const name = raw.replace(/^-/, '');
  if (!fields.includes(name as Field))
    throw bad('sort', `${JSON.stringify(raw.slice(0, 50))} is not a selected field`);
  return { field: name as Field, descending: raw.startsWith('-') };
}

export async function discoverEventsRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get<EventsRoute>('/api/0/organizations/:org/events/', async (request) => {
    if (singleParam(request.query, 'dataset') === 'spans') return spanEvents(ctx, request);
    const org = await findOrganization(ctx, await authenticate(ctx, request), request.params.org);
    const fields = fieldsOf(request.query);
    const sort = sortOf(request.query, fields);
    const limit = intParam(request.query, 'per_page', { min: 1, max: 100, fallback: 50 });
    // The same dataset, time range, project and query rules as events-timeseries.
    const params = parseTimeseriesParams(
      { ...request.query, interval: undefined, yAxis: undefined },
      ctx.now(),
    );
    const projectIds = await projectsOf(ctx, org.id, params.projects);
    const filter = await compileRollupFilter(params.query, filterLookups(ctx, org.id));
    const meta = {
      fields: Object.fromEntries(fields.map((f) => [f, FIELDS[f].type])),
      units: Object.fromEntries(fields.map((f) => [f, null])),
      dataset: 'errors',
      isMetricsData: false,
      tips: {},
    };
    if (projectIds.length === 0) return { data: [], meta };

    const conditions: RawBuilder<SqlBool>[] = [
      sql<SqlBool>`project_id in (${sql.join(projectIds)})`,
      sql<SqlBool>`timestamp >= ${params.start} and timestamp < ${params.end}`,
    ];
    if (filter.onlyIssues) conditions.push(sql<SqlBool>`issue_id in (${sql.join(filter.onlyIssues)})`);
    const environments = params.environments;
    const grouped = fields.filter((f) => !FIELDS[f].aggregate);
    const rows = await sql<Record<string, unknown>>`
      select ${sql.join(fields.map((f) => sql`${FIELDS[f].sql} as ${sql.id(f)}`))}
      from (
        select project_id, issue_id,
          coalesce(json_extract(data, '$.release'), '') as release,
          coalesce(json_extract(data, '$.environment'), '') as environment,
          coalesce(json_extract(data, '$.user.geo.countryCode'), '') as country,
          ${USER_KEY} as user_key
        from events
        where ${sql.join(conditions, sql` and `)}
      )
      where ${filter.condition}
      ${environments.length > 0 ? sql`and environment in (${sql.join(environments)})` : sql``}
      ${grouped.length > 0 ? sql`group by ${sql.join(grouped.map((f) => FIELDS[f].sql))}` : sql``}
      order by ${sql.id(sort.field)} ${sort.descending ? sql`desc` : sql`asc`}
      ${grouped.length > 0 ? sql`, ${sql.join(grouped.map((f) => FIELDS[f].sql))}` : sql``}
      limit ${limit}
    `.execute(ctx.db);
    return { data: rows.rows, meta };
  });
}
