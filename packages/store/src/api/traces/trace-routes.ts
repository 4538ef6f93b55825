/**
 * `GET /api/0/organizations/{org}/trace/{trace_id}/` (spec "Retrieve a Trace", L39231): the
 * spans and errors of one trace across the organization's projects, as Sentry's JSON array of
 * root items (`tracing/trace-tree.ts`). The trace id is 32 hex characters (a UUID form with
 * dashes is accepted, as Sentry's route regex allows); anything else is a 400. A trace with
 * nothing stored is an empty array, as Sentry answers. `statsPeriod`/`start`/`end` narrow it when
 * given; `additional_attributes` (repeated, at most MAX_ATTRIBUTES) fills each span's map with
 * those attributes; `errorId` and `include_uptime` are accepted and change nothing.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { formatShortId } from '../../short-id';
import { normalizeTraceId } from '../../tracing/span-items';
import { MAX_SPANS_PER_TRACE } from '../../tracing/span-limits';
import { buildTraceTree, type StoredSpan, type StoredTraceError } from '../../tracing/trace-tree';
import { ApiError } from '../api-error';
import { type ApiContext, authenticate, findOrganization } from '../http/api-context';
import { listParam, type RawQuery } from '../http/query-params';
import { traceRangeOf } from './trace-range';

type TraceRoute = { Params: { org: string; traceId: string }; Querystring: RawQuery };

/** Errors of one trace shown at most; an error loop must not bury the spans. */
const MAX_TRACE_ERRORS = 1_000;
const MAX_ATTRIBUTES = 50;

export async function traceRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get<TraceRoute>('/api/0/organizations/:org/trace/:traceId/', async (request) => {
    const org = await findOrganization(ctx, await authenticate(ctx, request), request.params.org);
    const traceId = normalizeTraceId(request.params.traceId);
    if (traceId === null) throw new ApiError(400, 'Invalid trace_id: expected 32 hexadecimal characters');
    const range = traceRangeOf(request.query, ctx.now(), null);
    const attributes = listParam(request.query, 'additional_attributes');
    if (attributes.length > MAX_ATTRIBUTES)
      throw new ApiError(400, `Invalid additional_attributes: at most ${MAX_ATTRIBUTES} names`);
    const spanRange = range ? sql`and s.end_ms >= ${range.start} and s.start_ms < ${range.end}` : sql``;
    const errorRange = range ? sql`and e.timestamp >= ${range.start} and e.timestamp < ${range.end}` : sql``;
    const spans = await sql<StoredSpan>`
      select s.project_id, p.slug as project_slug, s.span_id, s.parent_span_id, s.segment_id, s.event_id,
        s.is_segment, s.op, s.description, s."transaction", s.status, s.start_ms, s.end_ms, s.sdk_name, s.data
      from spans s join projects p on p.id = s.project_id
      where s.trace_id = ${traceId} and p.organization_id = ${org.id} ${spanRange}
      order by s.start_ms
      limit ${MAX_SPANS_PER_TRACE}`.execute(ctx.db);
    const errors = await sql<Omit<StoredTraceError, 'short_id'> & { short_id_num: number }>`
      select e.event_id, e.issue_id, e.project_id, p.slug as project_slug, e.span_id, e.timestamp,
        i.title, i.culprit, i.level, i.short_id_num, json_extract(e.data, '$.transaction') as "transaction"
      from events e join issues i on i.id = e.issue_id join projects p on p.id = e.project_id
      where e.trace_id = ${traceId} and p.organization_id = ${org.id} ${errorRange}
      order by e.timestamp
      limit ${MAX_TRACE_ERRORS}`.execute(ctx.db);
    return buildTraceTree(
      spans.rows,
      errors.rows.map((row) => ({ ...row, short_id: formatShortId(row.project_slug, row.short_id_num) })),
      attributes,
    );
  });
}
