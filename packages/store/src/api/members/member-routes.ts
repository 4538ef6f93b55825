/**
 * `/api/0` members and teams of an organization: the assignee picker's sources. Both page with
 * Sentry's cursors (`per_page` up to 100) and take a free-text `query` matched against email,
 * name and username (members) or slug and name (teams); `email:<address>` narrows members exactly.
 * `detailed=0` leaves the teams' `projects` out, as Sentry does.
 */
import type { FastifyInstance } from 'fastify';
import { type ApiContext, authenticateActor, findOrganization } from '../http/api-context';
import { linkHeader, parseCursor } from '../http/pagination';
import { intParam, type RawQuery, singleParam } from '../http/query-params';
import { serializeMember, serializeTeam } from './serialize-member';

type OrgParams = { Params: { org: string }; Querystring: RawQuery };

const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function memberRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get<OrgParams>('/api/0/organizations/:org/members/', async (request, reply) => {
    const actor = await authenticateActor(ctx, request);
    const org = await findOrganization(ctx, actor.organizationId, request.params.org);
    const limit = intParam(request.query, 'per_page', { min: 1, max: 100, fallback: 100 });
    const cursor = parseCursor(singleParam(request.query, 'cursor'));
    const query = singleParam(request.query, 'query')?.trim() ?? '';
    const email = /^email:(.+)$/.exec(query)?.[1];
    let select = ctx.db.selectFrom('members').selectAll().where('organization_id', '=', org.id);
    if (email !== undefined) select = select.where('email', '=', email);
    else if (query !== '') {
      const pattern = likePattern(query);
      select = select.where((eb) =>
        eb.or(
          (['email', 'name', 'username'] as const).map((column) =>
            eb(eb.fn('lower', [column]), 'like', pattern),
          ),
        ),
      );
    }
    const rows = await select
      .orderBy('id')
      .limit(limit + 1)
      .offset(cursor.offset)
      .execute();
    const page = rows.slice(0, limit);
    const teams =
      page.length === 0
        ? []
        : await ctx.db
            .selectFrom('team_members')
            .innerJoin('teams', 'teams.id', 'team_members.team_id')
            .select(['team_members.member_id', 'teams.slug'])
            .where(
              'team_members.member_id',
              'in',
              page.map((m) => m.id),
            )
            .execute();
    reply.header('Link', linkHeader(request, { offset: cursor.offset, limit, hasMore: rows.length > limit }));
    return page.map((member) =>
      serializeMember(
        member,
        teams.filter((t) => t.member_id === member.id).map((t) => t.slug),
      ),
    );
  });

  app.get<OrgParams>('/api/0/organizations/:org/teams/', async (request, reply) => {
    const actor = await authenticateActor(ctx, request);
    const org = await findOrganization(ctx, actor.organizationId, request.params.org);
    const limit = intParam(request.query, 'per_page', { min: 1, max: 100, fallback: 100 });
    const cursor = parseCursor(singleParam(request.query, 'cursor'));
    const query = singleParam(request.query, 'query')?.trim() ?? '';
    let select = ctx.db.selectFrom('teams').selectAll().where('organization_id', '=', org.id);
    if (query !== '') {
      const pattern = likePattern(query);
      select = select.where((eb) =>
        eb.or([eb(eb.fn('lower', ['slug']), 'like', pattern), eb(eb.fn('lower', ['name']), 'like', pattern)]),
      );
    }
    const rows = await select
      .orderBy('slug')
      .limit(limit + 1)
      .offset(cursor.offset)
      .execute();
    const page = rows.slice(0, limit);
    const ids = page.map((t) => t.id);
    const [links, projects] = await Promise.all([
      ids.length === 0
        ? []
        : ctx.db
            .selectFrom('team_members')
            .select(['team_id', 'member_id'])
            .where('team_id', 'in', ids)
            .execute(),
      singleParam(request.query, 'detailed') === '0'
        ? null
        : ctx.db
            .selectFrom('projects')
            .selectAll()
            .where('organization_id', '=', org.id)
            .orderBy('slug')
            .execute(),
    ]);
    reply.header('Link', linkHeader(request, { offset: cursor.offset, limit, hasMore: rows.length > limit }));
    return page.map((team) => {
      const members = links.filter((link) => link.team_id === team.id);
      return serializeTeam(team, {
        memberCount: members.length,
        isMember: members.some((link) => link.member_id === actor.memberId),
        projects,
      });
    });
  });
}
