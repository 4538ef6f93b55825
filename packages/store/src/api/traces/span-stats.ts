/**
 * `GET /organizations/{org}/events-stats/?dataset=spans`: a time series of span aggregates in
 * Sentry's shapes (sentry `api/serializers/snuba.py`): one `yAxis` is
 * `{data: [[<unix s>, [{count: v}]], …], start, end, isMetricsData, meta}` (the value always under
 * `count`), several are `{"<yAxis>": {…, order: i}}`. Buckets are aligned to the interval and
 * empty ones are 0, as Sentry fills them. yAxis takes the aggregates of `dataset=spans`
 * (`count()`, `p95(span.duration)`, `failure_rate()`, …); `query`, `project`, `environment`,
 * `statsPeriod`/`start`/`end` as for the table; `interval` `<n>[smhd]` (default: about 100
 * buckets, at least a minute). Anything else is a 400 naming it.
 */
import type { FastifyRequest } from 'fastify';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { ApiError } from '../api-error';
import { type ApiContext, authenticate, findOrganization, projectIdsParam } from '../http/api-context';
import { listParam, type RawQuery, singleParam } from '../http/query-params';
import { searchConditions, spanAggregateField } from './span-events';
import { traceRangeOf } from './trace-range';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const MAX_BUCKETS = 10_000;
const bad = (name: string, problem: string) => new ApiError(400, `Invalid ${name}: ${problem}`);

export async function spanStats(
  ctx: ApiContext,
  request: FastifyRequest<{ Params: { org: string }; Querystring: RawQuery }>,
) {
  const org = await findOrganization(ctx, await authenticate(ctx, request), request.params.org);
  const query = request.query;
  const yAxes = listParam(query, 'yAxis');
  if (yAxes.length === 0) yAxes.push('count()');
  if (yAxes.length > 10) throw bad('yAxis', 'at most 10');
  const defs = yAxes.map((axis) => {
    const def = spanAggregateField(axis);
    if (!def) throw bad('yAxis', `${JSON.stringify(axis.slice(0, 50))} is not an aggregate of dataset=spans`);
    return def;
  });
  const range = traceRangeOf(query, ctx.now(), 24 * 3_600_000)!;
  const interval = intervalOf(singleParam(query, 'interval'), range.end - range.start);
  const start = Math.floor(range.start / interval) * interval;
  const end = range.end;
  if ((end - start) / interval > MAX_BUCKETS) throw bad('interval', `more than ${MAX_BUCKETS} buckets`);
  const projectIds = await projectIdsParam(ctx, org.id, listParam(query, 'project'));
  const environments = listParam(query, 'environment').filter((env) => env !== '');
  const conditions: RawBuilder<SqlBool>[] = [
    sql<SqlBool>`p.organization_id = ${org.id}`,
    sql<SqlBool>`s.end_ms >= ${start} and s.end_ms < ${end}`,
    ...searchConditions(singleParam(query, 'query') ?? ''),
  ];
  if (projectIds.length > 0) conditions.push(sql<SqlBool>`s.project_id in (${sql.join(projectIds)})`);
  if (environments.length > 0) conditions.push(sql<SqlBool>`s.environment in (${sql.join(environments)})`);
  const rows = await sql<Record<string, number | null>>`
    select cast((s.end_ms - ${start}) / ${interval} as integer) as bucket,
      ${sql.join(defs.map((def, i) => sql`${def.sql} as ${sql.id(`v${i}`)}`))}
    from spans s join projects p on p.id = s.project_id
    where ${sql.join(conditions, sql` and `)}
    group by bucket`.execute(ctx.db);
  const buckets = Math.ceil((end - start) / interval);
  const series = yAxes.map((axis, i) => {
    const values = new Array<number>(buckets).fill(0);
    for (const row of rows.rows) {
      const value = row[`v${i}`];
      const bucket = row.bucket;
      if (typeof bucket === 'number' && bucket >= 0 && bucket < buckets)
        values[bucket] = typeof value === 'number' ? value : 0;
    }
    return {
      data: values.map((value, b) => [Math.floor((start + b * interval) / 1000), [{ count: value }]]),
      start: Math.floor(start / 1000),
      end: Math.floor(end / 1000),
      isMetricsData: false,
      meta: {
        fields: { [axis]: defs[i]!.type },
        units: { [axis]: defs[i]!.unit },
        dataset: 'spans',
      },
    };
  });
  if (yAxes.length === 1) return series[0];
  return Object.fromEntries(yAxes.map((axis, i) => [axis, { ...series[i], order: i }]));
}

function intervalOf(raw: string | undefined, spanMs: number): number {
  if (raw === undefined || raw === '') {
    const target = spanMs / 100;
    const steps = [
      60_000, 300_000, 900_000, 1_800_000, 3_600_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000,
    ];
    return steps.find((step) => step >= target) ?? 86_400_000;
  }
  const match = /^(\d{1,6})([smhd])$/.exec(raw);
  if (!match) throw bad('interval', `${JSON.stringify(raw.slice(0, 20))}; expected <n>[smhd]`);
  const ms = Number(match[1]) * UNIT_MS[match[2]!]!;
  if (ms < 1000) throw bad('interval', 'at least 1s');
  return ms;
}
