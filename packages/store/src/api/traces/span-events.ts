/**
 * `GET /organizations/{org}/events/?dataset=spans` (spec L10572, Sentry's EAP span attributes):
 * the store's spans as Discover rows. Reached through the Discover route's dataset dispatch.
 *
 * Fields: `id`, `span_id`, `span.op`, `span.description`, `span.status`, `span.duration` (ms),
 * `transaction`, `transaction.id`, `trace`, `project`, `project.id`, `timestamp`,
 * `is_transaction`, and the aggregates `count()`, `avg|sum|min|max(span.duration)` (plain fields
 * are grouped by when an aggregate is selected). `query` takes `key:value` terms (quotes for
 * spaces, `!` to negate) over trace, span.op, span.description, span.status, transaction,
 * project, id and is_transaction; `sort` a selected field (`-` descending, default `-timestamp`
 * or the first aggregate); `per_page` 1–100; `cursor` Sentry's `0:<offset>:0`. Anything else is a
 * 400 naming it. One transaction's child spans grouped by operation/description (the summary's
 * slowest spans) are answered from the hourly rollup (`span-group-rollup.ts`).
 */
import type { FastifyRequest } from 'fastify';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { normalizeTraceId } from '../../tracing/span-items';
import { ApiError } from '../api-error';
import { type ApiContext, authenticate, findOrganization, projectIdsParam } from '../http/api-context';
import { intParam, listParam, type RawQuery, singleParam } from '../http/query-params';
import { SPAN_FUNCTION_NAMES, spanFunctionField } from './span-functions-fields';
import { spanGroupRollup } from './span-group-rollup';
import { traceRangeOf } from './trace-range';

interface FieldDef {
  sql: RawBuilder<unknown>;
  type: string;
  unit: string | null;
  aggregate: boolean;
}

const plain = (expr: RawBuilder<unknown>, type = 'string', unit: string | null = null): FieldDef => ({
  sql: expr,
  type,
  unit,
  aggregate: false,
});
const aggregate = (expr: RawBuilder<unknown>, type: string, unit: string | null): FieldDef => ({
  sql: expr,
  type,
  unit,
  aggregate: true,
});
const DURATION = sql`(s.end_ms - s.start_ms)`;

const FIELDS: Record<string, FieldDef> = {
  id: plain(sql`s.span_id`),
  span_id: plain(sql`s.span_id`),
  'span.op': plain(sql`coalesce(s.op, '')`),
  'span.description': plain(sql`coalesce(s.description, '')`),
  'span.status': plain(sql`s.status`),
  'span.duration': plain(DURATION, 'duration', 'millisecond'),
  transaction: plain(sql`coalesce(s."transaction", '')`),
  'transaction.id': plain(sql`coalesce(s.event_id, '')`),
  trace: plain(sql`s.trace_id`),
  project: plain(sql`p.slug`),
  'project.id': plain(sql`s.project_id`, 'integer'),
  // ISO 8601 as Sentry writes it (`…T…+00:00`).
  timestamp: plain(sql`strftime('%Y-%m-%dT%H:%M:%S+00:00', s.end_ms / 1000, 'unixepoch')`, 'date'),
  is_transaction: plain(sql`s.is_segment`, 'boolean'),
  'count()': aggregate(sql`count(*)`, 'integer', null),
  'avg(span.duration)': aggregate(sql`avg${DURATION}`, 'duration', 'millisecond'),
  'sum(span.duration)': aggregate(sql`sum${DURATION}`, 'duration', 'millisecond'),
  'min(span.duration)': aggregate(sql`min${DURATION}`, 'duration', 'millisecond'),
  'max(span.duration)': aggregate(sql`max${DURATION}`, 'duration', 'millisecond'),
};
const ANSWERED = `${Object.keys(FIELDS).join(', ')}, ${SPAN_FUNCTION_NAMES}`;

/** The definition of an aggregate field (events-stats' yAxis), undefined for anything else. */
export function spanAggregateField(field: string): FieldDef | undefined {
  const def = fieldOf(field);
  return def?.aggregate ? def : undefined;
}

/** A field's definition: a column, a simple aggregate or a performance function. */
const fieldOf = (field: string): FieldDef | undefined =>
  Object.hasOwn(FIELDS, field) ? FIELDS[field] : spanFunctionField(field);

/** Search keys and the column each filters. */
const FILTERS: Record<string, RawBuilder<unknown>> = {
  trace: sql`s.trace_id`,
  'span.op': sql`s.op`,
  'span.description': sql`s.description`,
  'span.status': sql`s.status`,
  transaction: sql`s."transaction"`,
  project: sql`p.slug`,
  id: sql`s.span_id`,
  span_id: sql`s.span_id`,
  is_transaction: sql`s.is_segment`,
};

const bad = (name: string, problem: string) => new ApiError(400, `Invalid ${name}: ${problem}`);
const shown = (value: string) => JSON.stringify(value.slice(0, 50));

export async function spanEvents(
  ctx: ApiContext,
  request: FastifyRequest<{ Params: { org: string }; Querystring: RawQuery }>,
) {
  const org = await findOrganization(ctx, await authenticate(ctx, request), request.params.org);
  const query = request.query;
  const fields = fieldsOf(query);
  const sort = sortOf(query, fields);
  const limit = intParam(query, 'per_page', { min: 1, max: 100, fallback: 50 });
  const offset = offsetOf(singleParam(query, 'cursor'));
  const range = traceRangeOf(query, ctx.now(), 24 * 3_600_000)!;
  const projectIds = await projectIdsParam(ctx, org.id, listParam(query, 'project'));
  const environments = listParam(query, 'environment').filter((env) => env !== '');
  const conditions: RawBuilder<SqlBool>[] = [
    sql<SqlBool>`p.organization_id = ${org.id}`,
    sql<SqlBool>`s.end_ms >= ${range.start} and s.end_ms < ${range.end}`,
    ...searchConditions(singleParam(query, 'query') ?? ''),
  ];
  if (projectIds.length > 0) conditions.push(sql<SqlBool>`s.project_id in (${sql.join(projectIds)})`);
  if (environments.length > 0) conditions.push(sql<SqlBool>`s.environment in (${sql.join(environments)})`);
  // A transaction's child spans grouped (the summary's slowest operations): from the hourly rollup.
  const rolledUp = await spanGroupRollup(ctx, {
    organizationId: org.id,
    fields,
    sort: singleParam(query, 'sort'),
    limit,
    offset,
    range,
    projectIds,
    environments,
    query: singleParam(query, 'query') ?? '',
  });
  if (rolledUp) return { data: rolledUp, meta: metaOf(fields) };
  const grouped = fields.some((f) => fieldOf(f)!.aggregate)
    ? fields.filter((f) => !fieldOf(f)!.aggregate)
    : [];
  const rows = await sql<Record<string, unknown>>`
    select ${sql.join(fields.map((f) => sql`${fieldOf(f)!.sql} as ${sql.id(f)}`))}
    from spans s join projects p on p.id = s.project_id
    where ${sql.join(conditions, sql` and `)}
    ${grouped.length > 0 ? sql`group by ${sql.join(grouped.map((f) => fieldOf(f)!.sql))}` : sql``}
    order by ${sort.expr} ${sort.descending ? sql`desc` : sql`asc`}
    limit ${limit} offset ${offset}`.execute(ctx.db);
  const data = rows.rows.map((row) =>
    'is_transaction' in row ? { ...row, is_transaction: row.is_transaction === 1 } : row,
  );
  return { data, meta: metaOf(fields) };
}

const metaOf = (fields: string[]) => ({
  fields: Object.fromEntries(fields.map((f) => [f, fieldOf(f)!.type])),
  units: Object.fromEntries(fields.map((f) => [f, fieldOf(f)!.unit])),
  dataset: 'spans',
  isMetricsData: false,
  tips: {},
});

function fieldsOf(query: RawQuery): string[] {
  const fields = listParam(query, 'field');
  if (fields.length === 0) throw bad('field', 'at least one field is required');
  if (fields.length > 20) throw bad('field', 'at most 20 fields');
  for (const field of fields) {
    if (fieldOf(field) === undefined)
      throw bad('field', `${shown(field)}; the built-in store answers for dataset=spans: ${ANSWERED}`);
  }
  return [...new Set(fields)];
}

function sortOf(query: RawQuery, fields: string[]): { expr: RawBuilder<unknown>; descending: boolean } {
  const raw = singleParam(query, 'sort');
  if (raw === undefined || raw === '') {
    const firstAggregate = fields.find((f) => fieldOf(f)!.aggregate);
    return { expr: firstAggregate ? sql.id(firstAggregate) : sql`s.end_ms`, descending: true };
  }
  const name = raw.replace(/^-/, '');
  if (!fields.includes(name)) throw bad('sort', `${shown(raw)} is not a selected field`);
  // The raw end time sorts timestamps below the second that the formatted value drops.
  const expr =
    name === 'timestamp' && !fields.some((f) => fieldOf(f)!.aggregate) ? sql`s.end_ms` : sql.id(name);
  return { expr, descending: raw.startsWith('-') };
}

function offsetOf(cursor: string | undefined): number {
  if (cursor === undefined || cursor === '') return 0;
  const match = /^\d+:(\d{1,9}):[01]$/.exec(cursor);
  if (!match) throw bad('cursor', `${shown(cursor)}; expected <n>:<offset>:<0|1>`);
  return Number(match[1]);
}

/** `key:value` terms, all of which must hold. */
export function searchConditions(text: string): RawBuilder<SqlBool>[] {
  const terms = text.match(/!?[\w.]+:(?:"(?:[^"\\]|\\.)*"|\S*)|\S+/g) ?? [];
  return terms.map((term) => {
    const match = /^(!?)([\w.]+):(.*)$/.exec(term);
    if (!match) throw bad('query', `${shown(term)}; expected key:value terms`);
    const [, negate, key, rawValue] = match as unknown as [string, string, string, string];
    const column = FILTERS[key];
    if (!column)
      throw bad('query', `unknown key ${shown(key)}; use one of ${Object.keys(FILTERS).join(', ')}`);
    let value = rawValue.startsWith('"') ? rawValue.slice(1, -1).replace(/\\(.)/g, '$1') : rawValue;
    if (key === 'trace') {
      const id = normalizeTraceId(value);
      if (id === null) throw bad('query', `trace:${shown(value)} is not a 32-hex trace id`);
      value = id;
    }
    const condition =
      key === 'is_transaction'
        ? sql<SqlBool>`${column} = ${value === 'true' || value === '1' ? 1 : 0}`
        : value.includes('*')
          ? sql<SqlBool>`${column} like ${value.replace(/[%_]/g, '\\$&').replaceAll('*', '%')} escape '\\'`
          : sql<SqlBool>`${column} = ${value}`;
    return negate ? sql<SqlBool>`not (${condition})` : condition;
  });
}
