/**
 * `GET /api/0/organizations/{org}/releases/{version}/files/`: the files of the artifact bundles
 * uploaded for a release (any dist), in the shape of Sentry's release files, oldest bundle
 * first. `query` filters by part of the name, `checksum` by exact SHA-1. Read-only: the legacy
 * one-file upload (`POST …/files/`) is not served; sentry-cli 3 uploads bundles.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { type ApiContext, authenticate, findOrganization } from '../http/api-context';
import { linkHeader, parseCursor } from '../http/pagination';
import { intParam, listParam, type RawQuery, singleParam } from '../http/query-params';
import { isoOf } from '../organizations/serialize-organization';
import { findRelease } from '../releases/release-queries';

type FilesRoute = { Params: { org: string; version: string }; Querystring: RawQuery };

export async function releaseFileRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get<FilesRoute>('/api/0/organizations/:org/releases/:version/files/', async (request, reply) => {
    const org = await findOrganization(ctx, await authenticate(ctx, request), request.params.org);
    const release = await findRelease(ctx, org.id, request.params.version);
    const limit = intParam(request.query, 'per_page', { min: 1, max: 100, fallback: 100 });
    const cursor = parseCursor(singleParam(request.query, 'cursor'));
    const names = listParam(request.query, 'query').map((q) => q.toLowerCase());
    const checksums = listParam(request.query, 'checksum');
    let query = ctx.db
      .selectFrom('artifact_bundle_files as f')
      .innerJoin('artifact_bundle_releases as r', 'r.artifact_bundle_id', 'f.artifact_bundle_id')
      .innerJoin('artifact_bundles as b', 'b.id', 'f.artifact_bundle_id')
      .select(['f.id', 'f.url', 'f.headers', 'f.size', 'f.sha1', 'r.dist', 'b.date_created'])
      .where('r.organization_id', '=', org.id)
      .where('r.release', '=', release.version);
    if (names.length > 0)
      query = query.where((eb) => eb.or(names.map((name) => sql<boolean>`instr(lower(f.url), ${name}) > 0`)));
    if (checksums.length > 0) query = query.where('f.sha1', 'in', checksums);
    const rows = await query
      .orderBy('f.id')
      .limit(limit + 1)
      .offset(cursor.offset)
      .execute();
    reply.header('Link', linkHeader(request, { offset: cursor.offset, limit, hasMore: rows.length > limit }));
    return rows.slice(0, limit).map((row) => ({
      id: String(row.id),
      name: row.url,
      dist: row.dist === '' ? null : row.dist,
      headers: JSON.parse(row.headers) as Record<string, string>,
      size: row.size,
      sha1: row.sha1,
      dateCreated: isoOf(row.date_created),
    }));
  });
}
