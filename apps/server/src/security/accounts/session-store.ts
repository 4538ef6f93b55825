/**
 * Server-side sessions. The browser holds a random 256-bit id; the database holds only its
 * sha256, so reading the database does not let anyone take over a session. A session ends at
 * whichever comes first: its absolute expiry (fixed at creation) or `idleMs` without use.
 * `last_seen_at` is written at most once a minute per session, not on every request.
 */
import type { ExpressionBuilder } from 'kysely';
import type { DexterDb } from '../../db/database';
import type { DexterDatabase } from '../../db/schema';
import { newSessionId, sha256Hex } from '../credentials';
import type { UserRow } from './users-service';

const TOUCH_EVERY_MS = 60_000;

export interface SessionStoreDeps {
  db: DexterDb;
  now: () => number;
  idleMs: number;
  maxMs: number;
}

export interface NewSession {
  userId: number;
  method: 'password' | 'oidc';
  ip: string | null;
  userAgent: string | null;
}

export function createSessionStore({ db, now, idleMs, maxMs }: SessionStoreDeps) {
  const expired = () => {
    const at = now();
    return (eb: ExpressionBuilder<DexterDatabase, 'sessions'>) =>
      eb.or([eb('expires_at', '<=', at), eb('last_seen_at', '<=', at - idleMs)]);
  };
  return {
    async create(session: NewSession): Promise<{ id: string; idHash: string }> {
      const id = newSessionId();
      const idHash = sha256Hex(id);
      const at = now();
      await db
        .insertInto('sessions')
        .values({
          id_hash: idHash,
          user_id: session.userId,
          created_at: at,
          last_seen_at: at,
          expires_at: at + maxMs,
          method: session.method,
          ip: session.ip,
          user_agent: session.userAgent?.slice(0, 300) ?? null,
        })
        .execute();
      return { id, idHash };
    },

    /**
     * Whether the session still works, without counting this as use (a socket asking every
     * heartbeat must not keep an idle session alive): known, not expired, not idle, user enabled.
     */
    async isLive(idHash: string): Promise<boolean> {
      const at = now();
      const row = await db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select('sessions.id_hash')
        .where('sessions.id_hash', '=', idHash)
        .where('sessions.expires_at', '>', at)
        .where('sessions.last_seen_at', '>', at - idleMs)
        .where('users.disabled_at', 'is', null)
        .executeTakeFirst();
      return row !== undefined;
    },

    /** The live session and its user, or null (unknown, expired, or the user is disabled). */
    async find(
      id: string,
    ): Promise<{ idHash: string; method: string; user: UserRow; validUntil: number } | null> {
      const idHash = sha256Hex(id);
      const row = await db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .selectAll('users')
        .select(['sessions.last_seen_at', 'sessions.expires_at', 'sessions.method'])
        .where('sessions.id_hash', '=', idHash)
        .executeTakeFirst();
      if (!row) return null;
      const at = now();
      if (at >= row.expires_at || at - row.last_seen_at >= idleMs || row.disabled_at !== null) {
        await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
        return null;
      }
      const touch = at - row.last_seen_at >= TOUCH_EVERY_MS;
      if (touch) {
        await db.updateTable('sessions').set({ last_seen_at: at }).where('id_hash', '=', idHash).execute();
      }
      const { last_seen_at: seen, expires_at: expires, method, ...user } = row;
      return { idHash, method, user, validUntil: Math.min(expires, (touch ? at : seen) + idleMs) };
    },

    async delete(idHash: string): Promise<void> {
      await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    },

    /** Ends every session of a user; answers how many were still live. */
    async deleteForUser(userId: number): Promise<number> {
      await db.deleteFrom('sessions').where('user_id', '=', userId).where(expired()).execute();
      const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    /** Drops expired rows; called now and then so the table does not grow with abandoned sessions. */
    async prune(): Promise<void> {
      await db.deleteFrom('sessions').where(expired()).execute();
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
