/**
 * The session cookies. `dexter_session` holds the session id: httpOnly (no script can read it),
 * SameSite=Strict (no other site's page can make the browser send it), path `/`, Secure whenever
 * Dexter is reached over https. `dexter_csrf` holds the session's CSRF token and is readable by the
 * web app, which echoes it in `x-csrf-token`; a cross-site page can neither read nor set it.
 */
import { CSRF_COOKIE } from '@dexter/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'dexter_session';
export const OIDC_FLOW_COOKIE = 'dexter_oidc_flow';
/** A browser that signed in before, as whom (auth-service.ts `knownDeviceFor`); outlives sessions. */
export const KNOWN_DEVICE_COOKIE = 'dexter_known';
const KNOWN_DEVICE_MAX_AGE_S = 365 * 24 * 3600;

export function setKnownDeviceCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  publicUrl: string | undefined,
  mark: string,
): void {
  reply.setCookie(KNOWN_DEVICE_COOKIE, mark, {
    // Only the sign-in route reads it.
    path: '/api/v1/auth',
    sameSite: 'strict',
    httpOnly: true,
    secure: isSecureRequest(request, publicUrl),
    maxAge: KNOWN_DEVICE_MAX_AGE_S,
  });
}

export const isSecureRequest = (request: FastifyRequest, publicUrl: string | undefined) =>
  request.protocol === 'https' || publicUrl?.startsWith('https:') === true;

export interface CookieSettings {
  publicUrl: string | undefined;
  /** Cookie lifetime: the session's absolute expiry; the server enforces idle expiry itself. */
  maxAgeMs: number;
}

export function setSessionCookies(
  request: FastifyRequest,
  reply: FastifyReply,
  settings: CookieSettings,
  session: { id: string; csrfToken: string },
): void {
  const common = {
    path: '/',
    sameSite: 'strict' as const,
    secure: isSecureRequest(request, settings.publicUrl),
    maxAge: Math.floor(settings.maxAgeMs / 1000),
  };
  reply.setCookie(SESSION_COOKIE, session.id, { ...common, httpOnly: true });
  reply.setCookie(CSRF_COOKIE, session.csrfToken, { ...common, httpOnly: false });
}

export function clearSessionCookies(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}
