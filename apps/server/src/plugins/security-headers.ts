/**
 * Security headers on every answer, through helmet: a Content-Security-Policy without
 * 'unsafe-inline', `frame-ancestors 'none'`, no MIME sniffing, no referrer leaks, and HSTS only on
 * answers that went out over TLS (directly or, with DEXTER_TRUST_PROXY, behind a proxy), since a
 * plain-http deployment that sent HSTS would lock its users out.
 *
 * Only the web app's page needs a style nonce (its `<style>` elements carry it, see web-app.ts),
 * so only that answer gets one (`cspWithStyleNonce`): JSON answers share one fixed policy instead
 * of paying for two random nonces and a policy rebuilt on every request.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet from 'helmet';

export const CSP_DIRECTIVES = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

const HSTS = 'max-age=31536000; includeSubDomains';

const policyOf = (directives: Record<string, string[]>) =>
  Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');

/** A fresh nonce and the policy that allows `<style nonce=...>` elements carrying it. */
export function cspWithStyleNonce(): { nonce: string; policy: string } {
  const nonce = randomBytes(16).toString('hex');
  const policy = policyOf({
    ...CSP_DIRECTIVES,
    'style-src': [...CSP_DIRECTIVES['style-src'], `'nonce-${nonce}'`],
  });
  return { nonce, policy };
}

export const securityHeadersPlugin = fp(async (app: FastifyInstance) => {
  // One middleware for the whole app, built once (a per-request build re-parses the policy).
  const applyHeaders = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'deny' },
  });
  app.addHook('onRequest', (request, reply, done) =>
    applyHeaders(request.raw, reply.raw, (error) => done(error instanceof Error ? error : undefined)),
  );
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
    done(null, payload);
  });
});
