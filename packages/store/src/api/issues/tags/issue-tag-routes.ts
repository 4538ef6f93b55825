/**
 * `/api/0` tag routes of an issue:
 * - `GET tags/`: every key with its top values, the tag-distribution panel (Sentry's
 *   `GroupTagsEndpoint`, not in the public spec; shape from the server source, sentry-api.md §2.C):
 *   `limit` values per key, default 10 (9 when `key` restricts the keys, as Sentry does);
 * - `GET tags/{key}/` (spec): one key with its top 9 values;
 * - `GET tags/{key}/values/` (spec): all values of a key, paged with Sentry's cursors and `Link`
 *   header; `sort` is `date` (last seen), `age` (first seen), `count` or `id`, each descending (a
 *   leading `-` is accepted); the default orders by count.
 * An unknown key is a 404, as in Sentry.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, notFound } from '../../api-error';
import { type ApiContext, authenticate, findIssue, findOrganization } from '../../http/api-context';
import { linkHeader, parseCursor } from '../../http/pagination';
import { intParam, listParam, type RawQuery, singleParam } from '../../http/query-params';
import { serializeTagKey, serializeTagValue, tagKeySummaries, topTagValues } from './issue-tags';

type IssueParams = { Params: { org: string; issueId: string }; Querystring: RawQuery };
type KeyParams = { Params: { org: string; issueId: string; key: string }; Querystring: RawQuery };

const VALUE_ORDER = {
  date: 'last_seen',
  age: 'first_seen',
  count: 'times_seen',
  id: 'value',
} as const;

export async function issueTagRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  const issueOf = async (request: FastifyRequest, params: { org: string; issueId: string }) =>
    findIssue(
      ctx,
      (await findOrganization(ctx, await authenticate(ctx, request), params.org)).id,
      params.issueId,
    );

  app.get<IssueParams>('/api/0/organizations/:org/issues/:issueId/tags/', async (request) => {
    const issue = await issueOf(request, request.params);
    const keys = listParam(request.query, 'key');
    const limit = intParam(request.query, 'limit', { min: 1, max: 1000, fallback: keys.length > 0 ? 9 : 10 });
    const [summaries, top] = await Promise.all([
      tagKeySummaries(ctx.db, issue.id, keys),
      topTagValues(ctx.db, issue.id, keys, limit),
    ]);
    return summaries.map((summary) => serializeTagKey(summary, top.get(summary.key) ?? []));
  });

  app.get<KeyParams>('/api/0/organizations/:org/issues/:issueId/tags/:key/', async (request) => {
    const issue = await issueOf(request, request.params);
    const { key } = request.params;
    const [summary] = await tagKeySummaries(ctx.db, issue.id, [key]);
    if (!summary) throw notFound('Tag key not found');
    const top = await topTagValues(ctx.db, issue.id, [key], 9);
    return serializeTagKey(summary, top.get(key) ?? []);
  });

  app.get<KeyParams>(
    '/api/0/organizations/:org/issues/:issueId/tags/:key/values/',
    async (request, reply) => {
      const issue = await issueOf(request, request.params);
      const { key } = request.params;
      const sort = (singleParam(request.query, 'sort') ?? 'count').replace(/^-/, '');
      if (!(sort in VALUE_ORDER)) {
        throw new ApiError(
          400,
          `Invalid sort: ${JSON.stringify(sort.slice(0, 50))}; expected one of age, count, date, id`,
        );
      }
      const limit = intParam(request.query, 'per_page', { min: 1, max: 100, fallback: 100 });
      const cursor = parseCursor(singleParam(request.query, 'cursor'));
      const rows = await ctx.db
        .selectFrom('issue_tags')
        .select(['key', 'value', 'times_seen', 'first_seen', 'last_seen'])
        .where('issue_id', '=', issue.id)
        .where('key', '=', key)
        .orderBy(VALUE_ORDER[sort as keyof typeof VALUE_ORDER], 'desc')
        .orderBy('value')
        .limit(limit + 1)
        .offset(cursor.offset)
        .execute();
      if (rows.length === 0 && cursor.offset === 0) throw notFound('Tag key not found');
      reply.header(
        'Link',
        linkHeader(request, { offset: cursor.offset, limit, hasMore: rows.length > limit }),
      );
      return rows.slice(0, limit).map(serializeTagValue);
    },
  );
}
