/**
 * Administration of the store's credentials, for Dexter's admin routes: DSN keys per project
 * (create, list, revoke) and `/api/0` bearer tokens (create with scopes, list, revoke). A revoked
 * key or token is refused on its very next use: ingest and `/api/0` look them up on every request.
 * Tokens are stored as sha256 only; the token itself is returned once, at creation.
 */

import { createProjectAdmin } from './admin-projects';
import { dsnFor } from './bootstrap';
import type { StoreDb } from './db/database';
import { hashToken, newApiToken, randomHex } from './tokens';

export interface StoreKeyRow {
  id: number;
  projectId: number;
  projectSlug: string;
  label: string;
  publicKey: string;
  dsn: string;
  createdAt: number;
  revokedAt: number | null;
}

export interface StoreTokenRow {
  id: number;
  name: string;
  scopes: string[];
  createdAt: number;
  revokedAt: number | null;
}

export function createStoreAdmin(db: StoreDb, now: () => number) {
  const keys = () =>
    db
      .selectFrom('project_keys')
      .innerJoin('projects', 'projects.id', 'project_keys.project_id')
      .select([
        'project_keys.id',
        'project_keys.project_id',
        'projects.slug',
        'project_keys.label',
        'project_keys.public_key',
        'project_keys.date_created',
        'project_keys.revoked_at',
      ]);
  const toKey =
    (publicUrl: string) =>
    (row: Awaited<ReturnType<ReturnType<typeof keys>['executeTakeFirstOrThrow']>>): StoreKeyRow => ({
      id: row.id,
      projectId: row.project_id,
      projectSlug: row.slug,
      label: row.label,
      publicKey: row.public_key,
      dsn: dsnFor(publicUrl, row.public_key, row.project_id),
      createdAt: row.date_created,
      revokedAt: row.revoked_at,
    });
  const tokens = () =>
    db.selectFrom('api_tokens').select(['id', 'name', 'scopes', 'date_created', 'revoked_at']);
  const toToken = (row: {
    id: number;
    name: string;
    scopes: string;
    date_created: number;
    revoked_at: number | null;
  }): StoreTokenRow => ({
    id: row.id,
    name: row.name,
    scopes: row.scopes.split(' ').filter(Boolean),
    createdAt: row.date_created,
    revokedAt: row.revoked_at,
  });

  return {
    ...createProjectAdmin(db, now),

    async listKeys(publicUrl: string): Promise<StoreKeyRow[]> {
      return (await keys().orderBy('project_keys.id').execute()).map(toKey(publicUrl));
    },

    /** A new DSN key for a project; null when the project does not exist. */
    async createKey(projectId: number, label: string, publicUrl: string): Promise<StoreKeyRow | null> {
      const project = await db
        .selectFrom('projects')
        .select('id')
        .where('id', '=', projectId)
        .executeTakeFirst();
      if (!project) return null;
      const { id } = await db
        .insertInto('project_keys')
        .values({
          project_id: projectId,
          public_key: randomHex(16),
          secret_key: randomHex(16),
          label,
          date_created: now(),
          revoked_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return toKey(publicUrl)(await keys().where('project_keys.id', '=', id).executeTakeFirstOrThrow());
    },

    async revokeKey(keyId: number, publicUrl: string): Promise<StoreKeyRow | null> {
      await db
        .updateTable('project_keys')
        .set({ revoked_at: now() })
        .where('id', '=', keyId)
        .where('revoked_at', 'is', null)
        .execute();
      const row = await keys().where('project_keys.id', '=', keyId).executeTakeFirst();
      return row ? toKey(publicUrl)(row) : null;
    },

    async listTokens(): Promise<StoreTokenRow[]> {
      return (await tokens().orderBy('id').execute()).map(toToken);
    },

    /** A new token of the (first) organization with the given scopes; the secret is returned once. */
    async createToken(
      name: string,
      scopes: readonly string[],
    ): Promise<{ token: StoreTokenRow; secret: string }> {
      const org = await db.selectFrom('organizations').select('id').orderBy('id').executeTakeFirstOrThrow();
      const secret = newApiToken();
      const { id } = await db
        .insertInto('api_tokens')
        .values({
          organization_id: org.id,
          name,
          token_hash: hashToken(secret),
          scopes: [...new Set(scopes)].join(' '),
          date_created: now(),
          revoked_at: null,
          member_id: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { token: toToken(await tokens().where('id', '=', id).executeTakeFirstOrThrow()), secret };
    },

    /** Revokes a token, except `protectedToken` (the one Dexter's own gateway uses): 'protected'. */
    async revokeToken(tokenId: number, protectedToken?: string): Promise<StoreTokenRow | 'protected' | null> {
      const kept = protectedToken
        ? await db
            .selectFrom('api_tokens')
            .select('id')
            .where('token_hash', '=', hashToken(protectedToken))
            .executeTakeFirst()
        : undefined;
      if (kept?.id === tokenId) return 'protected';
      await db
        .updateTable('api_tokens')
        .set({ revoked_at: now() })
        .where('id', '=', tokenId)
        .where('revoked_at', 'is', null)
        .execute();
      const row = await tokens().where('id', '=', tokenId).executeTakeFirst();
      return row ? toToken(row) : null;
    },
  };
}

export type StoreAdmin = ReturnType<typeof createStoreAdmin>;
