/**
 * Cross-site request refusal for state-changing requests (and WebSocket upgrades, which browsers
 * send cross-site with cookies): `Sec-Fetch-Site` other than same-origin/none, or an `Origin` that
 * is not Dexter's own, is refused. This stops cross-site requests whatever credential they carry,
 * including a sign-in form posted from another site (login CSRF). Requests without either header
 * (scripts, curl) pass this check; cookie sessions are then held by the CSRF token.
 */
import type { FastifyRequest } from 'fastify';

export const isUnsafeMethod = (method: string) =>
  method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';

/** Dexter's own origin: `DEXTER_PUBLIC_URL`'s, else the one the request was addressed to. */
export const expectedOrigin = (request: FastifyRequest, publicOrigin: string | null) =>
  publicOrigin ?? `${request.protocol}://${request.host}`;

export function crossSiteProblem(request: FastifyRequest, publicOrigin: string | null): string | null {
  const fetchSite = request.headers['sec-fetch-site'];
  if (typeof fetchSite === 'string' && fetchSite !== 'same-origin' && fetchSite !== 'none') {
    return `cross-site request refused (Sec-Fetch-Site: ${fetchSite})`;
  }
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== expectedOrigin(request, publicOrigin)) {
    return `cross-site request refused (Origin ${String(origin).slice(0, 200)} is not Dexter's)`;
  }
  return null;
}
