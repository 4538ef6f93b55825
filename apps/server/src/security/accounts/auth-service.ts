/**
 * Signing in and out, and turning a request's credential into a `Principal`.
 *
 * Invariants:
 * - sign-in issues a new session id every time and ends the session the browser came with
 *   (no session fixation); a password change ends every session of the user and issues a new one;
 * - a wrong user name and a wrong password answer the same, in the same time;
 * - while a user name from one address, or an address, is backing off, the password is not even
 *   checked; a guesser elsewhere cannot lock the owner out (the back-off is per name and address),
 *   and a browser that signed in as the user before (its known-device mark, an HMAC of the user id)
 *   is exempt from it, so even a guesser behind the owner's own address cannot;
 * - the CSRF token is an HMAC of the session id under a key derived from the secret key, so it
 *   needs no storage and dies with the session.
 */
import type { Role } from '@dexter/contracts';
import { DexterError } from '../../errors/error-codes';
import { constantTimeEqual, hmacBase64Url, sha256Hex } from '../credentials';
import { needsRehash, passwordProblem, verifyAgainstNothing, verifyPassword } from '../password-hash';
import type { SignInBackOff } from '../sign-in-throttle';
import { type Principal, sessionUserOf, weakerRole } from './principal';
import type { SessionStore } from './session-store';
import type { TokensService } from './tokens-service';
import type { UserRow, UsersService } from './users-service';

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export interface AuthServiceDeps {
  users: UsersService;
  sessions: SessionStore;
  tokens: TokensService;
  /** Back-off per user name, and per client address (looser: many people can share one address). */
  throttle: { byName: SignInBackOff; byAddress: SignInBackOff };
  csrfKey: Buffer;
  /** Called after a user has replaced their password (the bootstrap file forgets the admin's). */
  onPasswordChanged?: (user: UserRow) => void;
}

export interface SignedIn {
  user: UserRow;
  sessionId: string;
  method: 'password' | 'oidc';
}

export function createAuthService(deps: AuthServiceDeps) {
  const { users, sessions, tokens, throttle, csrfKey } = deps;
  const csrfTokenFor = (sessionId: string) => hmacBase64Url(csrfKey, sessionId);
  // Domain-separated from CSRF tokens by its prefix; the user id makes it one user's mark.
  const knownDeviceFor = (userId: number) => hmacBase64Url(csrfKey, `known-device:${userId}`);

  async function startSession(
    user: UserRow,
    method: 'password' | 'oidc',
    client: ClientInfo,
    previous: string | null,
  ) {
    if (previous) await sessions.delete(sha256Hex(previous));
    const { id } = await sessions.create({ userId: user.id, method, ...client });
    return { user, sessionId: id, method };
  }

  return {
    csrfTokenFor,
    /** The mark a browser keeps after signing in as `userId`: it exempts it from that name's back-off. */
    knownDeviceFor,

    async signIn(
      username: string,
      password: string,
      client: ClientInfo,
      previous: string | null,
      knownDevice: string | null = null,
    ): Promise<SignedIn> {
      const addressKey = client.ip ?? 'unknown';
      // Per name and address: failures elsewhere never make the owner wait.
      const nameKey = `${username.toLowerCase()}\n${addressKey}`;
      const user = await users.findByUsername(username);
      const known =
        user !== undefined && knownDevice !== null && constantTimeEqual(knownDevice, knownDeviceFor(user.id));
      const waitMs = known
        ? 0
        : Math.max(
            await throttle.byName.retryAfterMs(nameKey),
            await throttle.byAddress.retryAfterMs(addressKey),
          );
      if (waitMs > 0) {
        const seconds = Math.ceil(waitMs / 1000);
        throw new DexterError(
          'DEXTER_ERR_SIGN_IN_THROTTLED',
          `Too many failed sign-ins: try again in ${seconds} s`,
          {
            retryAfterSeconds: seconds,
          },
        );
      }
      const usable = user && user.password_hash !== null && user.disabled_at === null;
      const ok = usable
        ? await verifyPassword(password, user.password_hash!)
        : await verifyAgainstNothing(password);
      if (!ok || !user) {
        await throttle.byName.recordFailure(nameKey);
        await throttle.byAddress.recordFailure(addressKey);
        throw new DexterError('DEXTER_ERR_INVALID_CREDENTIALS', 'Wrong user name or password');
      }
      // Only the user name's count is cleared: signing in to one's own account must not reset the
      // back-off of an address that is guessing at others.
      await throttle.byName.recordSuccess(nameKey);
      if (needsRehash(user.password_hash!)) await users.setPassword(user.id, password, false);
      return startSession(user, 'password', client, previous);
    },

    startSession,

    async changePassword(
      principal: Principal,
      current: string,
      next: string,
      client: ClientInfo,
    ): Promise<SignedIn> {
      const user = await users.get(principal.user.id);
      if (!user.password_hash || !(await verifyPassword(current, user.password_hash))) {
        throw new DexterError('DEXTER_ERR_INVALID_CREDENTIALS', 'The current password is wrong');
      }
      const problem = passwordProblem(next, user.username);
      if (problem) throw new DexterError('DEXTER_ERR_VALIDATION', `The new password ${problem}`);
      if (next === current)
        throw new DexterError('DEXTER_ERR_VALIDATION', 'The new password must differ from the current one');
      const updated = await users.setPassword(user.id, next, false);
      await sessions.deleteForUser(user.id);
      deps.onPasswordChanged?.(user);
      return startSession(updated, 'password', client, null);
    },

    /** Whether the principal's credential still works, without counting the check as use. */
    isStillValid(principal: Principal): Promise<boolean> {
      if (principal.sessionIdHash) return sessions.isLive(principal.sessionIdHash);
      if (principal.tokenId !== null) return tokens.isLive(principal.tokenId);
      return Promise.resolve(false);
    },

    signOut: (principal: Principal) =>
      principal.sessionIdHash ? sessions.delete(principal.sessionIdHash) : Promise.resolve(),

    signOutEverywhere: (principal: Principal) => sessions.deleteForUser(principal.user.id),

    async resolveSession(sessionId: string): Promise<Principal | null> {
      const found = await sessions.find(sessionId);
      if (!found) return null;
      return {
        kind: 'session',
        user: sessionUserOf(found.user, found.method === 'oidc' ? 'oidc' : 'password'),
        role: found.user.role as Role,
        sessionIdHash: found.idHash,
        csrfToken: csrfTokenFor(sessionId),
        tokenId: null,
        validUntil: found.validUntil,
      };
    },

    async resolveToken(secret: string): Promise<Principal | null> {
      const found = await tokens.resolve(secret);
      if (!found) return null;
      return {
        kind: 'token',
        user: sessionUserOf(found.user, 'token'),
        role: weakerRole(found.role, found.user.role as Role),
        sessionIdHash: null,
        csrfToken: null,
        tokenId: found.tokenId,
        validUntil: found.expiresAt,
      };
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
