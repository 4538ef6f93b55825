/**
 * Sentry's replay endpoints over the store's replays (`replays/`):
 * - `GET /organizations/{org}/replays/` → `{data: [row]}` (spec L31978): `project`, `environment`,
 *   `statsPeriod`/`start`/`end` (default 30 days), `query` (`replay-query.ts`), `sort`
 *   (`[-]started_at|finished_at|duration|count_errors`), `per_page` (≤ 100) and `cursor`;
 * - `GET /organizations/{org}/replays/{id}/` → `{data: row}` (spec L32524);
 * - `GET /projects/{org}/{project}/replays/{id}/recording-segments/` → an array of segments, each
 *   an array of rrweb events (spec L56309), `per_page` ≤ 100 and `cursor`; the stored JSON is
 *   inflated and joined as text, never parsed;
 * - `GET …/recording-segments/{n}/` → `{data: {replayId, segmentId, projectId, dateAdded}}`, or
 *   with `?download` the segment itself as an attachment;
 * - `GET /organizations/{org}/replay-count/` → `{issue_id: count}` for `query=issue.id:[…]`
 *   (or `replay_id:[…]`), `{issue_id: [replay ids]}` with `returnIds=true` (spec L31551).
 */
import { promisify } from 'node:util';
import { inflate as inflateCallback } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { hex32 } from '../../replays/replay-items';
import { ApiError, notFound } from '../api-error';
import {
  type ApiContext,
  authenticate,
  findOrganization,
  findProject,
  projectIdsParam,
} from '../http/api-context';
import { linkHeader, parseCursor } from '../http/pagination';
import { intParam, listParam, type RawQuery, singleParam } from '../http/query-params';
import { traceRangeOf } from '../traces/trace-range';
import { parseReplayQuery, type ReplayFilter } from './replay-query';
import { REPLAY_COLUMNS, replayRow, type StoredReplay } from './replay-rows';

type OrgRoute = { Params: { org: string }; Querystring: RawQuery };
type ReplayRoute = { Params: { org: string; replayId: string }; Querystring: RawQuery };
type SegmentsRoute = { Params: { org: string; project: string; replayId: string }; Querystring: RawQuery };
type SegmentRoute = {
  Params: { org: string; project: string; replayId: string; segment: string };
  Querystring: RawQuery;
};

// Inflated on libuv's thread pool: a page of 100 segments is megabytes the event loop need not wait on.
const inflate = promisify(inflateCallback);

const DEFAULT_PERIOD_MS = 30 * 24 * 60 * 60 * 1000;
const SORTS: Record<string, string> = {
  started_at: 'r.started_at',
  finished_at: 'r.finished_at',
  duration: '(r.finished_at - r.started_at)',
  count_errors: 'count_errors',
};

export async function replayRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get<OrgRoute>('/api/0/organizations/:org/replays/', async (request, reply) => {
    const org = await findOrganization(ctx, await authenticate(ctx, request), request.params.org);
    const range = traceRangeOf(request.query, ctx.now(), DEFAULT_PERIOD_MS)!;
    const projects = await projectIdsParam(ctx, org.id, listParam(request.query, 'project'));
    const environments = listParam(request.query, 'environment');
    const filter = parseReplayQuery(singleParam(request.query, 'query'));
    const limit = intParam(request.query, 'per_page', { min: 1, max: 100, fallback: 50 });
    const { offset } = parseCursor(singleParam(request.query, 'cursor'));
    const order = orderOf(singleParam(request.query, 'sort') ?? singleParam(request.query, 'orderBy'));
    const rows = await sql<StoredReplay>`
      select ${REPLAY_COLUMNS}
      from replays r join projects p on p.id = r.project_id
      where p.organization_id = ${org.id} and r.finished_at >= ${range.start} and r.started_at < ${range.end}
        ${projects.length > 0 ? sql`and r.project_id in (${sql.join(projects)})` : sql``}
        ${environments.length > 0 ? sql`and r.environment in (${sql.join(environments)})` : sql``}
        ${filterSql(filter)}
      order by ${sql.raw(order)}, r.id
      limit ${limit + 1} offset ${offset}`.execute(ctx.db);
    const hasMore = rows.rows.length > limit;
    reply.header('Link', linkHeader(request, { offset, limit, hasMore }));
    return { data: rows.rows.slice(0, limit).map(replayRow) };
  });

  app.get<ReplayRoute>('/api/0/organizations/:org/replays/:replayId/', async (request) => {
    const org = await findOrganization(ctx, await authenticate(ctx, request), request.params.org);
    const replayId = replayIdParam(request.params.replayId);
    const row = await sql<StoredReplay>`
      select ${REPLAY_COLUMNS} from replays r join projects p on p.id = r.project_id
      where p.organization_id = ${org.id} and r.id = ${replayId}`.execute(ctx.db);
    if (row.rows.length === 0) throw notFound('Replay not found');
    return { data: replayRow(row.rows[0]!) };
  });

  app.get<SegmentsRoute>(
    '/api/0/projects/:org/:project/replays/:replayId/recording-segments/',
    async (request, reply) => {
      const projectId = await projectOf(ctx, request);
      const replayId = replayIdParam(request.params.replayId);
      const limit = intParam(request.query, 'per_page', { min: 1, max: 100, fallback: 100 });
      const { offset } = parseCursor(singleParam(request.query, 'cursor'));
      const rows = await sql<{ data: Uint8Array }>`
        select data from replay_segments where replay_id = ${replayId} and project_id = ${projectId}
        order by segment_id limit ${limit + 1} offset ${offset}`.execute(ctx.db);
      reply.header('Link', linkHeader(request, { offset, limit, hasMore: rows.rows.length > limit }));
      // Each stored segment is a validated JSON array: joining the texts is the answer.
      const parts = await Promise.all(
        rows.rows.slice(0, limit).map(async (row) => (await inflate(row.data)).toString('utf8')),
      );
      return reply.type('application/json').send(`[${parts.join(',')}]`);
    },
  );

  app.get<SegmentRoute>(
    '/api/0/projects/:org/:project/replays/:replayId/recording-segments/:segment/',
    async (request, reply) => {
      const projectId = await projectOf(ctx, request);
      const replayId = replayIdParam(request.params.replayId);
      if (!/^\d{1,9}$/.test(request.params.segment))
        throw new ApiError(400, 'Invalid segment_id: expected an integer');
      const row = await sql<{ data: Uint8Array; received_at: number }>`
        select data, received_at from replay_segments
        where replay_id = ${replayId} and project_id = ${projectId} and segment_id = ${Number(request.params.segment)}`.execute(
        ctx.db,
      );
      const segment = row.rows[0];
      if (!segment) throw notFound('Segment not found');
      if (request.query.download !== undefined) {
        return reply
          .type('application/json')
          .header('Content-Disposition', `attachment; filename="${request.params.segment}"`)
          .send(await inflate(segment.data));
      }
      return {
        data: {
          replayId,
          segmentId: Number(request.params.segment),
          projectId: String(projectId),
          dateAdded: new Date(segment.received_at).toISOString(),
        },
      };
    },
  );

  app.get<OrgRoute>('/api/0/organizations/:org/replay-count/', async (request) => {
    const org = await findOrganization(ctx, await authenticate(ctx, request), request.params.org);
    const filter = parseReplayQuery(singleParam(request.query, 'query'));
    const returnIds = singleParam(request.query, 'returnIds') === 'true';
    const range = traceRangeOf(request.query, ctx.now(), DEFAULT_PERIOD_MS)!;
    if (filter.issueIds !== null) {
      const rows = await sql<{ issue_id: number; replay_id: string }>`
        select distinct e.issue_id, re.replay_id
        from replay_errors re join events e on e.project_id = re.project_id and e.event_id = re.event_id
          join replays r on r.id = re.replay_id join projects p on p.id = r.project_id
        where e.issue_id in (${sql.join(filter.issueIds)}) and p.organization_id = ${org.id}
          and r.finished_at >= ${range.start} and r.started_at < ${range.end}`.execute(ctx.db);
      const byIssue = new Map<string, string[]>(filter.issueIds.map((id) => [String(id), []]));
      for (const row of rows.rows) byIssue.get(String(row.issue_id))?.push(row.replay_id);
      return Object.fromEntries([...byIssue].map(([issue, ids]) => [issue, returnIds ? ids : ids.length]));
    }
    if (filter.replayIds !== null) {
      const rows = await sql<{ id: string }>`
        select r.id from replays r join projects p on p.id = r.project_id
        where r.id in (${sql.join(filter.replayIds)}) and p.organization_id = ${org.id}`.execute(ctx.db);
      const found = new Set(rows.rows.map((row) => row.id));
      return Object.fromEntries(
        filter.replayIds.map((id) => [id, returnIds ? (found.has(id) ? [id] : []) : found.has(id) ? 1 : 0]),
      );
    }
    throw new ApiError(400, 'Invalid query: replay-count needs issue.id or replay_id');
  });
}

function replayIdParam(raw: string): string {
  const id = hex32(raw);
  if (id === null) throw new ApiError(400, 'Invalid replay_id: expected 32 hexadecimal characters');
  return id;
}

async function projectOf(ctx: ApiContext, request: SegmentsRouteRequest): Promise<number> {
  const organizationId = await authenticate(ctx, request);
  const org = await findOrganization(ctx, organizationId, request.params.org);
  return (await findProject(ctx, org.id, request.params.project)).id;
}

type SegmentsRouteRequest = Parameters<typeof authenticate>[1] & { params: { org: string; project: string } };

function orderOf(sort: string | undefined): string {
  const raw = sort ?? '-started_at';
  const descending = raw.startsWith('-');
  const column = SORTS[descending ? raw.slice(1) : raw];
  if (column === undefined) {
    throw new ApiError(
      400,
      `Invalid sort: ${JSON.stringify(raw.slice(0, 40))}; one of ${Object.keys(SORTS).join(', ')}`,
    );
  }
  return `${column} ${descending ? 'desc' : 'asc'}`;
}

function filterSql(filter: ReplayFilter) {
  const parts = [];
  if (filter.replayIds !== null) parts.push(sql`and r.id in (${sql.join(filter.replayIds)})`);
  if (filter.errorIds !== null) {
    parts.push(
      sql`and r.id in (select replay_id from replay_errors where event_id in (${sql.join(filter.errorIds)}))`,
    );
  }
  if (filter.issueIds !== null) {
    parts.push(sql`and r.id in (select re.replay_id from replay_errors re join events e
      on e.project_id = re.project_id and e.event_id = re.event_id where e.issue_id in (${sql.join(filter.issueIds)}))`);
  }
  return parts.length === 0 ? sql`` : sql.join(parts, sql` `);
}
