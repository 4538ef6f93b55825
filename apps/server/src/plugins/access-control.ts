/**
 * The one place that decides who may call what on `/api/v1`. At registration every route is given
 * its policy from the operation table (a route without one stops the start); at request time, in
 * `onRequest` (before any body is parsed):
 *
 *   1. state-changing requests and WebSocket upgrades from another site are refused;
 *   2. the credential (a bearer personal API token, else the session cookie) becomes
 *      `request.principal` (for reads, possibly as resolved up to a second ago: see
 *      principal-cache.ts); none, or a dead one, is 401;
 *   3. a cookie session's state-changing request must echo its CSRF token;
 *   4. a user who must change their password may only reach the routes of that flow;
 *   5. the principal's role must reach the route's role.
 */
import { CSRF_HEADER, ROLE_RANK, type Role } from '@dexter/contracts';
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { DexterError } from '../errors/error-codes';
import { SESSION_COOKIE } from '../security/accounts/auth-cookies';
import type { AuthService } from '../security/accounts/auth-service';
import type { Principal } from '../security/accounts/principal';
import { createPrincipalCache } from '../security/accounts/principal-cache';
import { constantTimeEqual } from '../security/credentials';
import { crossSiteProblem, isUnsafeMethod } from '../security/request-origin';
import { policyFor, type RegisteredRoute, type RoutePolicy, tablePathOf } from '../security/route-policy';
import type { OperationTable } from '../upstream/operation-table';

declare module 'fastify' {
  interface FastifyContextConfig {
    policy?: RoutePolicy;
    /** Reachable while the user's password must be changed (the sign-out and password routes). */
    allowPendingPasswordChange?: boolean;
    /** Only for a signed-in browser session, not for API tokens (token and password management). */
    sessionOnly?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyInstance {
    /** Every `/api/v1` route with its policy, as registered (the route-walk test reads it). */
    apiRoutes: RegisteredRoute[];
  }
}

export interface AccessControlOptions {
  table: Pick<OperationTable, 'route'>;
  auth: Pick<AuthService, 'resolveSession' | 'resolveToken'>;
  /** Origin of `DEXTER_PUBLIC_URL`, or null to compare with the request's own host. */
  publicOrigin: string | null;
  /** The clock credentials expire by (the security services'). */
  now: () => number;
}

/** The request's credential as a principal, or null. Bearer tokens win over cookies. */
export async function authenticate(
  request: FastifyRequest,
  auth: AccessControlOptions['auth'],
): Promise<Principal | null> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match ? auth.resolveToken(match[1]!) : null;
  }
  const sessionId = request.cookies[SESSION_COOKIE];
  return sessionId ? auth.resolveSession(sessionId) : null;
}

/** The credential as sent, to remember its principal by; null when there is none. */
function credentialOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header !== undefined) return `header ${header}`;
  const sessionId = request.cookies[SESSION_COOKIE];
  return sessionId ? `session ${sessionId}` : null;
}

const outranks = (role: Role, needed: RoutePolicy['role']) =>
  needed === 'public' || ROLE_RANK[role] >= ROLE_RANK[needed];

export const accessControlPlugin = fp(
  async (app: FastifyInstance, { table, auth, publicOrigin, now }: AccessControlOptions) => {
    app.decorateRequest('principal', null);
    app.decorate('apiRoutes', [] as RegisteredRoute[]);
    const principals = createPrincipalCache({ now });
    // Reads may use a principal resolved up to a second ago; writes always read the database.
    const principalOf = (request: FastifyRequest, write: boolean) => {
      const credential = write ? null : credentialOf(request);
      return credential
        ? principals.resolve(credential, () => authenticate(request, auth))
        : authenticate(request, auth);
    };
    // Any change (sign-out, role, account, token) arrives as a state-changing request.
    app.addHook('onSend', (request, _reply, payload, done) => {
      if (isUnsafeMethod(request.method)) principals.clear();
      done(null, payload);
    });

    const guard: onRequestHookHandler = async (request) => {
      const config = request.routeOptions.config;
      const policy = config.policy!;
      const upgrade = request.headers.upgrade?.toLowerCase() === 'websocket';
      if (isUnsafeMethod(request.method) || upgrade) {
        const problem = crossSiteProblem(request, publicOrigin);
        if (problem) throw new DexterError('DEXTER_ERR_CSRF', problem);
      }
      if (policy.role === 'public') return;

      const principal = await principalOf(request, isUnsafeMethod(request.method) || upgrade);
      if (!principal)
        throw new DexterError('DEXTER_ERR_UNAUTHENTICATED', 'Sign in, or send a valid API token');
      request.principal = principal;
      if (principal.kind === 'session' && isUnsafeMethod(request.method)) {
        const sent = request.headers[CSRF_HEADER];
        if (typeof sent !== 'string' || !constantTimeEqual(sent, principal.csrfToken!)) {
          throw new DexterError('DEXTER_ERR_CSRF', `Missing or wrong ${CSRF_HEADER} header`);
        }
      }
      if (config.sessionOnly && principal.kind !== 'session') {
        throw new DexterError(
          'DEXTER_ERR_SESSION_REQUIRED',
          'This needs a signed-in browser session, not an API token',
        );
      }
      if (principal.user.mustChangePassword && !config.allowPendingPasswordChange) {
        throw new DexterError('DEXTER_ERR_PASSWORD_CHANGE_REQUIRED', 'Change your one-time password first');
      }
      if (!outranks(principal.role, policy.role)) {
        throw new DexterError(
          'DEXTER_ERR_FORBIDDEN',
          `This needs the ${policy.role} role; you have ${principal.role}`,
        );
      }
    };

    app.addHook('onRoute', (route) => {
      if (!route.url.startsWith('/api/v1')) return;
      for (const method of [route.method].flat()) {
        const policy = policyFor(table, method, route.url, route.schema?.operationId);
        route.config = { ...route.config, policy };
        if (method !== 'HEAD') app.apiRoutes.push({ ...policy, method, path: tablePathOf(route.url) });
      }
      route.onRequest = [...[route.onRequest ?? []].flat(), guard];
    });
  },
);
