/**
 * What every `/api/0` handler needs: the database, the configured public base URL (for
 * permalinks, DSNs, Link headers and upload URLs), and lookups that turn path parameters into rows or a Sentry-style 404.
 */
import type { FastifyRequest } from 'fastify';
import { firstOwner } from '../../bootstrap-members';
import type { StoreDb } from '../../db/database';
import { hashToken } from '../../tokens';
import { ApiError, notFound } from '../api-error';
import { requiredScopes, scopesAllowAny } from './token-scopes';

export interface ApiContext {
  db: StoreDb;
  now: () => number;
  /** Tells the change feed about issues a write changed as a side effect (after it committed). */
  statusChanged?: (issueIds: readonly number[], status: string) => void;
  /** Tells the change feed that a release of the organization was written (after the commit). */
  releaseChanged?: (organizationId: number, version: string) => void;
}

/** The configured public URL each `/api/0` request is answered with (set by `withPublicUrl`). */
const publicUrls = new WeakMap<FastifyRequest, string>();

/**
 * Where clients reach this store, without a trailing slash: the configured public URL, never the
 * request's `Host` header, which any client may set (a DSN or permalink at `evil.example`).
 */
export function baseUrlOf(request: FastifyRequest): string {
  const url = publicUrls.get(request);
  if (url === undefined) throw new Error('baseUrlOf: the store API was mounted without its public URL');
  return url.replace(/\/$/, '');
}

/** An `onRequest` hook that gives every request of the API the public URL of this moment. */
export function withPublicUrl(publicUrl: () => string) {
  return async (request: FastifyRequest) => {
    publicUrls.set(request, publicUrl());
  };
}

/** Who is calling: the token's organization and the member it acts as (null: the org has none). */
export interface Actor {
  organizationId: number;
  memberId: number | null;
}

/** Each request's token, looked up once: the credentials hook and the handler share it. */
const tokens = new WeakMap<FastifyRequest, ReturnType<typeof lookUpToken>>();

function tokenOf(ctx: ApiContext, request: FastifyRequest) {
  let token = tokens.get(request);
  if (!token) {
    token = lookUpToken(ctx, request);
    tokens.set(request, token);
  }
  return token;
}

async function lookUpToken(ctx: ApiContext, request: FastifyRequest) {
  const header = request.headers.authorization;
  if (!header) throw new ApiError(401, 'Authentication credentials were not provided.');
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new ApiError(401, 'Invalid authorization header: expected "Bearer <token>".');
  const token = await ctx.db
    .selectFrom('api_tokens')
    .select(['organization_id', 'revoked_at', 'member_id', 'scopes'])
    .where('token_hash', '=', hashToken(match[1]!))
    .executeTakeFirst();
  if (!token || token.revoked_at !== null) throw new ApiError(401, 'Invalid token');
  const accepted = requiredScopes(request.method, request.url);
  if (!scopesAllowAny(token.scopes.split(' '), accepted)) {
    const needs = accepted.join(' or ');
    throw new ApiError(403, `You do not have permission to perform this action (needs ${needs}).`);
  }
  return token;
}

/**
 * An `onRequest` hook: every `/api/0` request shows valid credentials before its body is read or
 * validated, so a caller without them learns 401, never how its body would have been judged.
 */
export function requireCredentials(ctx: ApiContext) {
  return async (request: FastifyRequest) => {
    if (request.url.startsWith('/api/0/')) await tokenOf(ctx, request);
  };
}

/** Bearer token → organization id the token belongs to. */
export async function authenticate(ctx: ApiContext, request: FastifyRequest): Promise<number> {
  return (await tokenOf(ctx, request)).organization_id;
}

/** Bearer token → the actor behind per-member state (`assigned:me`, bookmarks, seen, comments). */
export async function authenticateActor(ctx: ApiContext, request: FastifyRequest): Promise<Actor> {
  const token = await tokenOf(ctx, request);
  const memberId = token.member_id ?? (await firstOwner(ctx.db, token.organization_id)) ?? null;
  return { organizationId: token.organization_id, memberId };
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

/**
 * `project=` values of a request (ids or slugs; `-1` means all) as project ids of the organization.
 * An unknown slug is a 403, as Sentry answers for projects the caller cannot see.
 */
export async function projectIdsParam(
  ctx: ApiContext,
  organizationId: number,
  values: string[],
): Promise<number[]> {
  const wanted = values.filter((value) => value !== '-1' && value !== '');
  const slugs = wanted.filter((value) => !/^\d{1,15}$/.test(value));
  const ids = wanted.filter((value) => /^\d{1,15}$/.test(value)).map(Number);
  if (slugs.length === 0) return ids;
  const rows = await ctx.db
    .selectFrom('projects')
    .select(['id', 'slug'])
    .where('organization_id', '=', organizationId)
    .where('slug', 'in', slugs)
    .execute();
  if (rows.length < new Set(slugs).size)
    throw new ApiError(403, 'You do not have permission to perform this action.');
  return [...ids, ...rows.map((row) => row.id)];
}
