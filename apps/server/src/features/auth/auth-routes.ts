/**
 * `/api/v1/auth`: sign in and out, the session, password change. SSO lives in oidc-routes.ts.
 * Every answer that starts a session sets a fresh session id (and its CSRF cookie); sign-out
 * deletes the session server-side, not just the cookie.
 */
import {
  AuthConfigSchema,
  ChangePasswordBodySchema,
  SessionSchema,
  SignInBodySchema,
} from '@dexter/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  type CookieSettings,
  clearSessionCookies,
  KNOWN_DEVICE_COOKIE,
  SESSION_COOKIE,
  setKnownDeviceCookie,
  setSessionCookies,
} from '../../security/accounts/auth-cookies';
import type { AuthService, ClientInfo, SignedIn } from '../../security/accounts/auth-service';
import { sessionUserOf } from '../../security/accounts/principal';

export interface AuthRoutesDeps {
  auth: AuthService;
  cookies: CookieSettings;
  oidcEnabled: boolean;
  mode: 'standalone' | 'companion';
}

/** Sign-in attempts per client address per minute, before the per-name back-off even starts. */
const SIGN_IN_PER_MINUTE = 30;

export const clientOf = (request: FastifyRequest): ClientInfo => ({
  ip: request.ip ?? null,
  userAgent: request.headers['user-agent'] ?? null,
});

export function answerSignedIn(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: Pick<AuthRoutesDeps, 'auth' | 'cookies'>,
  signedIn: SignedIn,
) {
  setSessionCookies(request, reply, deps.cookies, {
    id: signedIn.sessionId,
    csrfToken: deps.auth.csrfTokenFor(signedIn.sessionId),
  });
  request.audit.actor = { userId: signedIn.user.id, name: signedIn.user.username };
  return { user: sessionUserOf(signedIn.user, signedIn.method) };
}

export const authRoutes: FastifyPluginAsyncZod<AuthRoutesDeps> = async (app, deps) => {
  const { auth, oidcEnabled } = deps;
  const tags = ['auth'];

  app.get(
    '/auth/config',
    { schema: { operationId: 'auth.config', tags, response: { 200: AuthConfigSchema } } },
    async () => ({
      localSignIn: true,
      mode: deps.mode,
      oidc: oidcEnabled ? { startUrl: '/api/v1/auth/oidc/start' } : null,
    }),
  );

  app.post(
    '/auth/sign-in',
    {
      bodyLimit: 4096,
      config: { rateLimit: { max: SIGN_IN_PER_MINUTE, timeWindow: 60_000 } },
      schema: { operationId: 'auth.signIn', tags, body: SignInBodySchema, response: { 200: SessionSchema } },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      request.audit.actor = { userId: null, name: username.slice(0, 200) };
      try {
        const signedIn = await auth.signIn(
          username,
          password,
          clientOf(request),
          request.cookies[SESSION_COOKIE] ?? null,
          request.cookies[KNOWN_DEVICE_COOKIE] ?? null,
        );
        setKnownDeviceCookie(request, reply, deps.cookies.publicUrl, auth.knownDeviceFor(signedIn.user.id));
        return answerSignedIn(request, reply, deps, signedIn);
      } catch (error) {
        const retryAfter = (error as { details?: { retryAfterSeconds?: number } }).details?.retryAfterSeconds;
        if (retryAfter) reply.header('retry-after', String(retryAfter));
        throw error;
      }
    },
  );

  app.get(
    '/auth/session',
    {
      config: { allowPendingPasswordChange: true },
      schema: { operationId: 'auth.session', tags, response: { 200: SessionSchema } },
    },
    async (request) => ({ user: request.principal!.user }),
  );

  app.post(
    '/auth/password',
    {
      bodyLimit: 4096,
      config: { allowPendingPasswordChange: true, sessionOnly: true },
      schema: {
        operationId: 'auth.changePassword',
        tags,
        body: ChangePasswordBodySchema,
        response: { 200: SessionSchema },
      },
    },
    async (request, reply) => {
      const { currentPassword, newPassword } = request.body;
      const signedIn = await auth.changePassword(
        request.principal!,
        currentPassword,
        newPassword,
        clientOf(request),
      );
      return answerSignedIn(request, reply, deps, signedIn);
    },
  );

  app.post(
    '/auth/sign-out',
    {
      config: { allowPendingPasswordChange: true },
      schema: { operationId: 'auth.signOut', tags, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await auth.signOut(request.principal!);
      clearSessionCookies(reply);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/auth/sign-out-everywhere',
    {
      config: { allowPendingPasswordChange: true },
      schema: {
        operationId: 'auth.signOutEverywhere',
        tags,
        response: { 200: z.object({ sessionsEnded: z.number() }) },
      },
    },
    async (request, reply) => {
      const sessionsEnded = await auth.signOutEverywhere(request.principal!);
      clearSessionCookies(reply);
      request.audit.detail = { sessionsEnded };
      return { sessionsEnded };
    },
  );
};
