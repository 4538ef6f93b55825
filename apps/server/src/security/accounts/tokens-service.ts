/**
 * Personal API tokens for scripts. The token is shown once, at creation; the database keeps its
 * sha256 and a short prefix to tell tokens apart. A token carries a role no higher than its
 * user's, and on every use it is checked against revocation, expiry and the user's current state,
 * so revoking it, disabling the user or demoting them takes effect on the very next request.
 */
import {
  type ApiToken,
  type ApiTokenCreate,
  type ApiTokenCreated,
  type Role,
  roleAtLeast,
} from '@dexter/contracts';
import type { Selectable } from 'kysely';
import type { DexterDb } from '../../db/database';
import type { PersonalApiTokenTable } from '../../db/schema';
import { DexterError } from '../../errors/error-codes';
import { API_TOKEN_PREFIX, newApiToken, sha256Hex } from '../credentials';
import type { UserRow } from './users-service';

const DAY_MS = 86_400_000;
const TOUCH_EVERY_MS = 60_000;
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function toApiToken(row: Selectable<PersonalApiTokenTable>): ApiToken {
  return {
    id: row.id,
    name: row.name,
    prefix: row.token_prefix,
    role: row.role as Role,
    createdAt: iso(row.created_at)!,
    expiresAt: iso(row.expires_at)!,
    lastUsedAt: iso(row.last_used_at),
    revokedAt: iso(row.revoked_at),
  };
}

export function createTokensService({ db, now }: { db: DexterDb; now: () => number }) {
  return {
    async create(user: { id: number; role: Role }, input: ApiTokenCreate): Promise<ApiTokenCreated> {
      if (!roleAtLeast(user.role, input.role)) {
        throw new DexterError(
          'DEXTER_ERR_FORBIDDEN',
          `A token cannot have more power than its user (${user.role})`,
        );
      }
      const secret = newApiToken();
      const at = now();
      const row = await db
        .insertInto('personal_api_tokens')
        .values({
          user_id: user.id,
          name: input.name,
          token_hash: sha256Hex(secret),
          token_prefix: secret.slice(0, API_TOKEN_PREFIX.length + 6),
          role: input.role,
          created_at: at,
          expires_at: at + input.expiresInDays * DAY_MS,
          last_used_at: null,
          revoked_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return { token: toApiToken(row), secret };
    },

    async list(userId: number): Promise<ApiToken[]> {
      const rows = await db
        .selectFrom('personal_api_tokens')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('id', 'desc')
        .execute();
      return rows.map(toApiToken);
    },

    /** Revokes one of the user's own tokens (admins may revoke anyone's). */
    async revoke(actor: { id: number; role: Role }, tokenId: number): Promise<ApiToken> {
      const row = await db
        .selectFrom('personal_api_tokens')
        .selectAll()
        .where('id', '=', tokenId)
        .executeTakeFirst();
      if (!row || (row.user_id !== actor.id && actor.role !== 'admin')) {
        throw new DexterError('DEXTER_ERR_NOT_FOUND', `No token ${tokenId}`);
      }
      const updated = await db
        .updateTable('personal_api_tokens')
        .set({ revoked_at: row.revoked_at ?? now() })
        .where('id', '=', tokenId)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toApiToken(updated);
    },

    /** Whether the token still works (not revoked or expired, its user enabled), without using it. */
    async isLive(tokenId: number): Promise<boolean> {
      const row = await db
        .selectFrom('personal_api_tokens')
        .innerJoin('users', 'users.id', 'personal_api_tokens.user_id')
        .select('personal_api_tokens.id')
        .where('personal_api_tokens.id', '=', tokenId)
        .where('personal_api_tokens.revoked_at', 'is', null)
        .where('personal_api_tokens.expires_at', '>', now())
        .where('users.disabled_at', 'is', null)
        .executeTakeFirst();
      return row !== undefined;
    },

    /** The token's row and user when it may be used now; null otherwise. */
    async resolve(
      secret: string,
    ): Promise<{ tokenId: number; role: Role; user: UserRow; expiresAt: number } | null> {
      if (!secret.startsWith(API_TOKEN_PREFIX) || secret.length > 200) return null;
      const row = await db
        .selectFrom('personal_api_tokens')
        .innerJoin('users', 'users.id', 'personal_api_tokens.user_id')
        .selectAll('users')
        .select([
          'personal_api_tokens.id as token_id',
          'personal_api_tokens.role as token_role',
          'personal_api_tokens.expires_at',
          'personal_api_tokens.revoked_at',
          'personal_api_tokens.last_used_at',
        ])
        .where('personal_api_tokens.token_hash', '=', sha256Hex(secret))
        .executeTakeFirst();
      const at = now();
      if (!row || row.revoked_at !== null || at >= row.expires_at || row.disabled_at !== null) return null;
      if (row.last_used_at === null || at - row.last_used_at >= TOUCH_EVERY_MS) {
        await db
          .updateTable('personal_api_tokens')
          .set({ last_used_at: at })
          .where('id', '=', row.token_id)
          .execute();
      }
      const { token_id, token_role, expires_at, revoked_at: _r, last_used_at: _l, ...user } = row;
      return { tokenId: token_id, role: token_role as Role, user, expiresAt: expires_at };
    },
  };
}

export type TokensService = ReturnType<typeof createTokensService>;
