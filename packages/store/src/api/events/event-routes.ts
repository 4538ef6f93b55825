/**
 * `/api/0` event routes of an issue: the paginated list (newest first, `full=true` for bodies)
 * and one event by id, or `latest` / `oldest`, with its neighbours' ids for navigation.
 */
import type { FastifyInstance } from 'fastify';
import {
  readEventHead,
  readStoredEvent,
  STORED_EVENT_COLUMNS,
  type StoredEventRow,
} from '../../ingest/write/event-body';
import { notFound } from '../api-error';
import { type ApiContext, authenticate, findIssue, findOrganization } from '../http/api-context';
import { linkHeader, parseCursor } from '../http/pagination';
import { intParam, type RawQuery, singleParam } from '../http/query-params';
import { type StoredEvent, serializeEventDetail, serializeEventListItem } from './serialize-event';

type EventsParams = { Params: { org: string; issueId: string }; Querystring: RawQuery };
type EventParams = { Params: { org: string; issueId: string; eventId: string }; Querystring: RawQuery };

interface EventRow extends StoredEventRow {
  id: number;
  event_id: string;
  issue_id: number;
  timestamp: number;
  size: number;
}

/**
 * The whole event, or (`full` false: a list without bodies) only its head, which holds every
 * field a list item shows and costs no decompression (`ingest/write/event-body.ts`).
 */
const toStored = (row: EventRow, full = true): StoredEvent => ({
  event: full ? readStoredEvent(row) : readEventHead(row),
  issueId: row.issue_id,
  size: row.size,
});

export async function eventRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  const columns = ['id', 'event_id', 'issue_id', 'timestamp', 'size', ...STORED_EVENT_COLUMNS] as const;

  app.get<EventsParams>('/api/0/organizations/:org/issues/:issueId/events/', async (request, reply) => {
    const org = await findOrganization(ctx, await authenticate(ctx, request), request.params.org);
    const issue = await findIssue(ctx, org.id, request.params.issueId);
    const limit = intParam(request.query, 'per_page', { min: 1, max: 100, fallback: 100 });
    const cursor = parseCursor(singleParam(request.query, 'cursor'));
    const full = singleParam(request.query, 'full') === 'true' || singleParam(request.query, 'full') === '1';
    const rows = await ctx.db
      .selectFrom('events')
      .select(columns)
      .where('issue_id', '=', issue.id)
      .orderBy('timestamp', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .offset(cursor.offset)
      .execute();
    reply.header('Link', linkHeader(request, { offset: cursor.offset, limit, hasMore: rows.length > limit }));
    return rows.slice(0, limit).map((row) => serializeEventListItem(toStored(row, full), full));
  });

  app.get<EventParams>('/api/0/organizations/:org/issues/:issueId/events/:eventId/', async (request) => {
    const org = await findOrganization(ctx, await authenticate(ctx, request), request.params.org);
    const issue = await findIssue(ctx, org.id, request.params.issueId);
    const { eventId } = request.params;
    const ofIssue = ctx.db.selectFrom('events').select(columns).where('issue_id', '=', issue.id);
    let row: EventRow | undefined;
    if (eventId === 'latest' || eventId === 'recommended') {
      row = await ofIssue.orderBy('timestamp', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
    } else if (eventId === 'oldest') {
      row = await ofIssue.orderBy('timestamp', 'asc').orderBy('id', 'asc').limit(1).executeTakeFirst();
    } else if (/^[0-9a-fA-F-]{32,36}$/.test(eventId)) {
      row = await ofIssue.where('event_id', '=', eventId.replace(/-/g, '').toLowerCase()).executeTakeFirst();
    }
    if (!row) throw notFound('Event not found');
    const current = row;
    const [previous, next] = await Promise.all([
      ofIssue
        .where((eb) =>
          eb.or([
            eb('timestamp', '<', current.timestamp),
            eb.and([eb('timestamp', '=', current.timestamp), eb('id', '<', current.id)]),
          ]),
        )
        .orderBy('timestamp', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst(),
      ofIssue
        .where((eb) =>
          eb.or([
            eb('timestamp', '>', current.timestamp),
            eb.and([eb('timestamp', '=', current.timestamp), eb('id', '>', current.id)]),
          ]),
        )
        .orderBy('timestamp', 'asc')
        .orderBy('id', 'asc')
        .limit(1)
        .executeTakeFirst(),
    ]);
    return serializeEventDetail(toStored(row), {
      previousEventID: previous?.event_id ?? null,
      nextEventID: next?.event_id ?? null,
    });
  });
}
