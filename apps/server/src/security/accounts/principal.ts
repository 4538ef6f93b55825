/**
 * Who is making a request: a signed-in browser session or a personal API token, with the user
 * as they are now (role and state are read for every change, and for reads at most a second
 * old, see principal-cache.ts) and the effective role (a token never exceeds its user's current
 * role).
 */
import { ROLE_RANK, type Role, type SessionUser } from '@dexter/contracts';
import type { UserRow } from './users-service';

export interface Principal {
  kind: 'session' | 'token';
  user: SessionUser;
  role: Role;
  /** sha256 of the session id (sessions only). */
  sessionIdHash: string | null;
  /** The CSRF token state-changing requests of this session must echo (sessions only). */
  csrfToken: string | null;
  tokenId: number | null;
  /** When the credential stops working unless something renews it (expiry, idle time). */
  validUntil: number;
}

export const weakerRole = (a: Role, b: Role): Role => (ROLE_RANK[a] <= ROLE_RANK[b] ? a : b);

export function sessionUserOf(row: UserRow, authMethod: SessionUser['authMethod']): SessionUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    email: row.email,
    role: row.role as Role,
    mustChangePassword: row.must_change_password === 1,
    authMethod,
  };
}
