/**
 * What every `/api/0` handler needs: the database, the public base URL (for permalinks, DSNs
 * and Link headers), and lookups that turn path parameters into rows or a Sentry-style 404.
 */
import type { FastifyRequest } from 'fastify';
import type { StoreDb } from '../db/database';
import { hashToken } from '../tokens';
import { ApiError, notFound } from './api-error';

export interface ApiContext {
  db: StoreDb;
  now: () => number;
}

export const baseUrlOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

/** Bearer token → organization id the token belongs to. */
export async function authenticate(ctx: ApiContext, request: FastifyRequest): Promise<number> {
  const header = request.headers.authorization;
  if (!header) throw new ApiError(401, 'Authentication credentials were not provided.');
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new ApiError(401, 'Invalid authorization header: expected "Bearer <token>".');
  const token = await ctx.db
    .selectFrom('api_tokens')
    .select(['organization_id', 'revoked_at'])
    .where('token_hash', '=', hashToken(match[1]!))
    .executeTakeFirst();
  if (!token || token.revoked_at !== null) throw new ApiError(401, 'Invalid token');
  return token.organization_id;
}

export async function findOrganization(ctx: ApiContext, organizationId: number, idOrSlug: string) {
  const org = await ctx.db
    .selectFrom('organizations')
    .selectAll()
    .where((eb) => (/^\d+$/.test(idOrSlug) ? eb('id', '=', Number(idOrSlug)) : eb('slug', '=', idOrSlug)))
    .executeTakeFirst();
  // A token of another organization sees a 404, not a 403, so it cannot probe for slugs.
  if (!org || org.id !== organizationId) throw notFound();
  return org;
}

export async function findProject(ctx: ApiContext, organizationId: number, idOrSlug: string) {
  const project = await ctx.db
    .selectFrom('projects')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where((eb) => (/^\d+$/.test(idOrSlug) ? eb('id', '=', Number(idOrSlug)) : eb('slug', '=', idOrSlug)))
    .executeTakeFirst();
  if (!project) throw notFound();
  return project;
}

export async function findIssue(ctx: ApiContext, organizationId: number, issueId: string) {
  if (!/^\d{1,15}$/.test(issueId)) throw notFound();
  const row = await ctx.db
    .selectFrom('issues')
    .innerJoin('projects', 'projects.id', 'issues.project_id')
    .selectAll('issues')
    .where('issues.id', '=', Number(issueId))
    .where('projects.organization_id', '=', organizationId)
    .executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

export async function projectsById(ctx: ApiContext, ids: number[]) {
  if (ids.length === 0) return new Map();
  const rows = await ctx.db
    .selectFrom('projects')
    .selectAll()
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((row) => [row.id, row]));
}
