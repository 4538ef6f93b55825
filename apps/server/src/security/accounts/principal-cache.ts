/**
 * Who a credential belongs to, remembered for a second, so a busy reader (the web app polling a
 * list, a script paging through issues) does not cost a database lookup per request.
 *
 * Only reads use it: a state-changing request always resolves its credential from the database,
 * so a demoted user or a revoked token can never change anything. Every state-changing request
 * that this instance answers empties the cache (sign-out, a role change, a disabled account, a
 * revoked token are all such requests), so on this instance a change applies to the very next read;
 * another instance sharing the database may serve reads for at most `ttlMs` more. A principal is
 * never remembered past its credential's own expiry or idle limit. Unknown credentials are not
 * remembered: guessing must not fill memory.
 */
import { LRUCache } from 'lru-cache';
import type { Principal } from './principal';

export interface PrincipalCache {
  resolve(credential: string, load: () => Promise<Principal | null>): Promise<Principal | null>;
  clear(): void;
}

export interface PrincipalCacheOptions {
  now: () => number;
  ttlMs?: number;
  max?: number;
}

export function createPrincipalCache({
  now,
  ttlMs = 1_000,
  max = 10_000,
}: PrincipalCacheOptions): PrincipalCache {
  const known = new LRUCache<string, { principal: Principal; until: number }>({ max });
  return {
    async resolve(credential, load) {
      const remembered = known.get(credential);
      if (remembered && now() < remembered.until) return remembered.principal;
      const principal = await load();
      if (!principal) {
        known.delete(credential);
        return null;
      }
      // Frozen: one object now serves many requests, so no request may change it for the others.
      const shared = Object.freeze({ ...principal, user: Object.freeze({ ...principal.user }) });
      known.set(credential, { principal: shared, until: Math.min(now() + ttlMs, principal.validUntil) });
      return shared;
    },
    clear: () => known.clear(),
  };
}
