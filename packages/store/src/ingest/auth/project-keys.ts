/**
 * DSN public keys for ingest authentication, cached in memory: every ingest request looks its key
 * up, and a database round trip per request was a measurable share of the main thread's time per
 * event. Only keys that exist are cached (so a new key works at once), and revocation applies at
 * once: the store calls `invalidate()` when it revokes a key (`store.ts`). An entry lives at most
 * `ttlMs`, which bounds how long a change made behind the store's back (directly in the
 * database) goes unseen.
 */
import type { StoreDb } from '../../db/database';

export interface ProjectKey {
  projectId: number;
  revokedAt: number | null;
}

export interface ProjectKeyCacheOptions {
  db: StoreDb;
  now: () => number;
  ttlMs?: number;
}

export function createProjectKeyCache({ db, now, ttlMs = 1_000 }: ProjectKeyCacheOptions) {
  const cache = new Map<string, { key: ProjectKey; until: number }>();

  return {
    async find(publicKey: string): Promise<ProjectKey | undefined> {
      const cached = cache.get(publicKey);
      if (cached && cached.until > now()) return cached.key;
      const row = await db
        .selectFrom('project_keys')
        .select(['project_id', 'revoked_at'])
        .where('public_key', '=', publicKey)
        .executeTakeFirst();
      if (!row) {
        cache.delete(publicKey);
        return undefined;
      }
      const key = { projectId: row.project_id, revokedAt: row.revoked_at };
      cache.set(publicKey, { key, until: now() + ttlMs });
      return key;
    },
    invalidate(): void {
      cache.clear();
    },
  };
}

export type ProjectKeyCache = ReturnType<typeof createProjectKeyCache>;
