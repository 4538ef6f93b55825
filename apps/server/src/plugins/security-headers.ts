/**
 * Security headers on every answer, through helmet: a Content-Security-Policy without
 * 'unsafe-inline' for scripts and style elements, `frame-ancestors 'none'`, no MIME sniffing, no referrer leaks, and HSTS only on
 * answers that went out over TLS (directly or, with DEXTER_TRUST_PROXY, behind a proxy), since a
 * plain-http deployment that sent HSTS would lock its users out.
 *
 * Only the web app's page needs a nonce (its `<style>` elements and its inline boot script carry
 * it, see web-app.ts), so only that answer gets one (`cspWithPageNonce`): JSON answers share one
 * fixed policy instead of paying for two random nonces and a policy rebuilt on every request.
 *
 * Documents (the web app, its assets, the API docs UI) get helmet's whole set. API answers (JSON
 * and text: `/api/...`, health, metrics) get the set OWASP's REST Security Cheat Sheet names for
 * them, written from one precomputed list: nothing may render or frame them (`default-src 'none';
 * frame-ancestors 'none'`, X-Frame-Options), sniff them into another type, or read them across
 * origins without CORS, and they leak no referrer. Helmet's other headers (COOP, Origin-Agent-
 * Cluster, DNS prefetch, download options, Flash policies, the XSS auditor) only mean something to
 * documents; writing and parsing them on every API answer cost a fifth of a cached list read.
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

const API_HEADER_ENTRIES = Object.entries({
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
});

/** Answers no browser renders as a page: the API (the docs UI aside), health and metrics. */
export function isApiAnswer(url: string): boolean {
  if (url.startsWith('/api/')) return !url.startsWith('/api/docs');
  return /^\/(healthz|readyz|metrics)(\?|$)/.test(url);
}

const policyOf = (directives: Record<string, string[]>) =>
  Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');

/**
 * A fresh nonce and the policy that allows `<style nonce=...>` and `<script nonce=...>` carrying it.
 *
 * The page also allows inline style *attributes* (`style-src-attr 'unsafe-inline'`), and only
 * those: the replay player rebuilds the recorded page in an iframe (which inherits this policy)
 * by writing `style="..."` attributes, and without them the replay is an unstyled jumble. A style
 * attribute cannot run script, cannot add a `<style>` element (those stay on self and the nonce),
 * and whatever `url()` it names is still held to `img-src`/`font-src`.
 */
export function cspWithPageNonce(): { nonce: string; policy: string } {
  const nonce = randomBytes(16).toString('hex');
  const policy = policyOf({
    ...CSP_DIRECTIVES,
    'script-src': [...CSP_DIRECTIVES['script-src'], `'nonce-${nonce}'`],
    'style-src': [...CSP_DIRECTIVES['style-src'], `'nonce-${nonce}'`],
    'style-src-attr': ["'unsafe-inline'"],
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
  app.addHook('onRequest', (request, reply, done) => {
    if (!isApiAnswer(request.url)) {
      applyHeaders(request.raw, reply.raw, (error) => done(error instanceof Error ? error : undefined));
      return;
    }
    for (const [name, value] of API_HEADER_ENTRIES) reply.raw.setHeader(name, value);
    done();
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
    done(null, payload);
  });
});
