/**
 * `/api/0` activity log and comments of an issue (Sentry's `GroupActivitiesEndpoint`,
 * `GroupNotesEndpoint`, `GroupNotesDetailsEndpoint`; not in the public spec, shapes from the
 * server source, see sentry-api.md §2.C).
 *
 * - `GET activities/` answers `{"activity": [...]}`, newest first, at most 100, `first_seen` last.
 * - Comments are `note` activities: `GET comments/` pages them newest first; `POST comments/`
 *   `{text}` answers 201 with the note, or 400 when the same member posted the same text within
 *   the hour, as Sentry does; `PUT`/`DELETE comments/{id}/` touch only the caller's own notes
 *   (anyone else's is a 404). `notes/` is Sentry's older alias of `comments/`.
 */
import { CommentBodySchema } from '@dexter/sentry-wire';
import type { FastifyInstance } from 'fastify';
import type { ActivityRow } from '../../../db/schema';
import { ApiError, notFound } from '../../api-error';
import {
  type Actor,
  type ApiContext,
  authenticateActor,
  findIssue,
  findOrganization,
} from '../../http/api-context';
import { linkHeader, parseCursor } from '../../http/pagination';
import { intParam, type RawQuery, singleParam } from '../../http/query-params';
import { listActivities, membersById, serializeActivity } from './activity-list';

type IssueParams = { Params: { org: string; issueId: string }; Querystring: RawQuery };
type NoteParams = { Params: { org: string; issueId: string; noteId: string } };

const HOUR = 3_600_000;

function parseNote(body: unknown): { text: string } {
  const parsed = CommentBodySchema.safeParse(body ?? {});
  if (parsed.success) return { text: parsed.data.text };
  const issue = parsed.error.issues[0];
  const field = String(issue?.path[0] ?? 'text');
  const message = issue?.message ?? 'Invalid value.';
  throw new ApiError(400, `${field}: ${message}`, { [field]: [message] });
}

export async function activityRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  const issueOf = async (actor: Actor, org: string, issueId: string) =>
    findIssue(ctx, (await findOrganization(ctx, actor.organizationId, org)).id, issueId);

  async function ownNote(actor: Actor, params: NoteParams['Params']) {
    const issue = await issueOf(actor, params.org, params.issueId);
    if (!/^\d{1,15}$/.test(params.noteId) || actor.memberId === null) throw notFound();
    const note = await ctx.db
      .selectFrom('activities')
      .selectAll()
      .where('id', '=', Number(params.noteId))
      .where('issue_id', '=', issue.id)
      .where('type', '=', 'note')
      .where('member_id', '=', actor.memberId)
      .executeTakeFirst();
    if (!note) throw notFound();
    return note;
  }

  const render = async (note: ActivityRow) =>
    serializeActivity(note, (await membersById(ctx.db, [note.member_id])).get(note.member_id ?? -1) ?? null);

  app.get<IssueParams>('/api/0/organizations/:org/issues/:issueId/activities/', async (request) => {
    const issue = await issueOf(
      await authenticateActor(ctx, request),
      request.params.org,
      request.params.issueId,
    );
    return { activity: await listActivities(ctx.db, issue) };
  });

  for (const segment of ['comments', 'notes']) {
    const base = `/api/0/organizations/:org/issues/:issueId/${segment}/`;

    app.get<IssueParams>(base, async (request, reply) => {
      const actor = await authenticateActor(ctx, request);
      const issue = await issueOf(actor, request.params.org, request.params.issueId);
      const limit = intParam(request.query, 'per_page', { min: 1, max: 100, fallback: 100 });
      const cursor = parseCursor(singleParam(request.query, 'cursor'));
      const rows = await ctx.db
        .selectFrom('activities')
        .selectAll()
        .where('issue_id', '=', issue.id)
        .where('type', '=', 'note')
        .orderBy('date_created', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .offset(cursor.offset)
        .execute();
      const page = rows.slice(0, limit);
      const members = await membersById(
        ctx.db,
        page.map((row) => row.member_id),
      );
      reply.header(
        'Link',
        linkHeader(request, { offset: cursor.offset, limit, hasMore: rows.length > limit }),
      );
      return page.map((row) => serializeActivity(row, members.get(row.member_id ?? -1) ?? null));
    });

    app.post<IssueParams>(base, async (request, reply) => {
      const actor = await authenticateActor(ctx, request);
      const issue = await issueOf(actor, request.params.org, request.params.issueId);
      const data = parseNote(request.body);
      const now = ctx.now();
      const duplicate = await ctx.db
        .selectFrom('activities')
        .select('id')
        .where('issue_id', '=', issue.id)
        .where('type', '=', 'note')
        .where('member_id', actor.memberId === null ? 'is' : '=', actor.memberId)
        .where('data', '=', JSON.stringify(data))
        .where('date_created', '>=', now - HOUR)
        .executeTakeFirst();
      if (duplicate) throw new ApiError(400, 'You have already posted that comment.');
      const note = await ctx.db
        .insertInto('activities')
        .values({
          issue_id: issue.id,
          project_id: issue.project_id,
          type: 'note',
          member_id: actor.memberId,
          data: JSON.stringify(data),
          date_created: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return reply.code(201).send(await render(note));
    });

    app.put<NoteParams>(`${base}:noteId/`, async (request) => {
      const actor = await authenticateActor(ctx, request);
      const note = await ownNote(actor, request.params);
      const data = parseNote(request.body);
      const merged = JSON.stringify({ ...JSON.parse(note.data), ...data });
      await ctx.db.updateTable('activities').set({ data: merged }).where('id', '=', note.id).execute();
      return render({ ...note, data: merged });
    });

    app.delete<NoteParams>(`${base}:noteId/`, async (request, reply) => {
      const note = await ownNote(await authenticateActor(ctx, request), request.params);
      await ctx.db.deleteFrom('activities').where('id', '=', note.id).execute();
      return reply.code(204).send();
    });
  }
}
