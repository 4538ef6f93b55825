/**
 * SSO routes: `/auth/oidc/start` sends the browser to the provider with a sealed flow cookie;
 * `/auth/oidc/callback` completes the code flow, finds or creates the user, and starts a session.
 * Both answer 404 when OIDC is not configured. A failed callback is audited and lands on the
 * sign-in page with an error flag, never with the provider's error text in the URL.
 */
import type { Role } from '@dexter/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DexterError } from '../../errors/error-codes';
import { OIDC_FLOW_COOKIE, SESSION_COOKIE } from '../../security/accounts/auth-cookies';
import type { Oidc } from '../../security/accounts/oidc';
import type { UsersService } from '../../security/accounts/users-service';
import { type AuthRoutesDeps, answerSignedIn, clientOf } from './auth-routes';

export interface OidcRoutesDeps extends Omit<AuthRoutesDeps, 'oidcEnabled' | 'mode'> {
  oidc: Oidc | null;
  users: Pick<UsersService, 'upsertFromOidc'>;
  defaultRole: Role;
  publicUrl: string | undefined;
}

const FLOW_PATH = '/api/v1/auth/oidc';

export const oidcRoutes: FastifyPluginAsyncZod<OidcRoutesDeps> = async (app, deps) => {
  const { oidc, auth, users } = deps;
  const tags = ['auth'];
  const enabled = () => {
    if (!oidc) throw new DexterError('DEXTER_ERR_NOT_FOUND', 'Single sign-on is not configured');
    return oidc;
  };

  app.get(
    '/auth/oidc/start',
    { schema: { operationId: 'auth.oidcStart', tags, response: { 302: z.null() } } },
    async (_request, reply) => {
      const provider = enabled();
      const { redirectUrl, flowCookie } = await provider.start().catch((error: unknown) => {
        throw new DexterError(
          'DEXTER_ERR_OIDC',
          `The sign-on provider could not be reached: ${(error as Error).message}`,
        );
      });
      // Lax, not Strict: the provider's redirect back is a cross-site navigation that must carry it.
      reply.setCookie(OIDC_FLOW_COOKIE, flowCookie, {
        path: FLOW_PATH,
        httpOnly: true,
        sameSite: 'lax',
        secure: deps.publicUrl?.startsWith('https:') ?? false,
        maxAge: 600,
      });
      return reply.redirect(redirectUrl, 302);
    },
  );

  app.get(
    '/auth/oidc/callback',
    {
      config: { audit: true },
      schema: { operationId: 'auth.oidcCallback', tags, response: { 302: z.null() } },
    },
    async (request, reply) => {
      const provider = enabled();
      reply.clearCookie(OIDC_FLOW_COOKIE, { path: FLOW_PATH });
      try {
        const callbackUrl = new URL(request.url, deps.publicUrl);
        const identity = await provider.finish(callbackUrl, request.cookies[OIDC_FLOW_COOKIE]);
        request.audit.actor = { userId: null, name: identity.username };
        const user = await users.upsertFromOidc(identity, deps.defaultRole);
        if (user.disabled_at !== null) throw new Error(`user ${user.username} is disabled`);
        const signedIn = await auth.startSession(
          user,
          'oidc',
          clientOf(request),
          request.cookies[SESSION_COOKIE] ?? null,
        );
        answerSignedIn(request, reply, deps, signedIn);
        return reply.redirect('/', 302);
      } catch (error) {
        request.log.warn({ err: error }, 'SSO sign-in failed');
        request.audit.result = 'denied';
        request.audit.detail = { reason: (error as Error).message.slice(0, 300) };
        return reply.redirect('/sign-in?error=sso', 302);
      }
    },
  );
};
