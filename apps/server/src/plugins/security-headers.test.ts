/**
 * Headers and limits every answer carries: a CSP without 'unsafe-inline' (style attributes aside) whose style nonce is the
 * one in the served index.html, frame-ancestors 'none', HSTS only over TLS, body size limits, and
 * the inbound rate limit.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDexter, type TestDexter } from '../testing/test-dexter';
import { isApiAnswer } from './security-headers';
import { CSP_NONCE_PLACEHOLDER } from './web-app';

let dexter: TestDexter;
let limited: TestDexter;
const webDist = mkdtempSync(join(tmpdir(), 'dexter-web-'));

beforeAll(async () => {
  writeFileSync(
    join(webDist, 'index.html'),
    `<html><head><meta name="csp-nonce" content="${CSP_NONCE_PLACEHOLDER}"></head></html>`,
  );
  dexter = await startTestDexter({ DEXTER_WEB_DIST: webDist, DEXTER_TRUST_PROXY: 'true' });
  limited = await startTestDexter({ DEXTER_RATE_LIMIT_PER_MINUTE: '5' });
});
afterAll(async () => {
  await Promise.all([dexter.close(), limited.close()]);
  rmSync(webDist, { recursive: true, force: true });
});

const directives = (csp: string | null) =>
  Object.fromEntries(
    (csp ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values]),
  );

/** What every answer, document or API, carries. */
function expectNeverFramedSniffedOrReferred(response: Response) {
  expect(response.headers.get('x-frame-options')).toBe('DENY');
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
}

describe('security headers', () => {
  it('sends API answers the REST set: nothing renders, frames, sniffs or reads them across origins', async () => {
    for (const path of ['/api/v1/meta', '/healthz', '/api/v1/nowhere']) {
      const response = await dexter.anonymous(path);
      expect(directives(response.headers.get('content-security-policy'))).toEqual({
        'default-src': ["'none'"],
        'frame-ancestors': ["'none'"],
      });
      expectNeverFramedSniffedOrReferred(response);
      expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      // Headers that only mean something to a document are left to documents.
      expect(response.headers.get('cross-origin-opener-policy')).toBeNull();
      expect(response.headers.get('x-dns-prefetch-control')).toBeNull();
    }
  });

  it('sends documents the whole set, with a strict CSP', async () => {
    for (const path of ['/', '/api/docs/']) {
      const response = await dexter.anonymous(path);
      const csp = response.headers.get('content-security-policy');
      expect(csp).not.toContain('unsafe-eval');
      // Inline style attributes (the replay player's) on the web app's page only; never inline
      // scripts or style elements.
      const { 'style-src-attr': styleAttributes, ...rest } = directives(csp);
      expect(JSON.stringify(rest)).not.toContain('unsafe-inline');
      expect(styleAttributes).toEqual(path === '/' ? ["'unsafe-inline'"] : undefined);
      expect(directives(csp)).toMatchObject({
        'default-src': ["'self'"],
        'frame-ancestors': ["'none'"],
        'object-src': ["'none'"],
        'base-uri': ["'none'"],
      });
      expectNeverFramedSniffedOrReferred(response);
      expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    }
  });

  it('tells API answers from documents by path', () => {
    for (const url of ['/api/v1/meta', '/api/0/projects/', '/api/1/envelope/', '/healthz', '/metrics?x=1'])
      expect(isApiAnswer(url)).toBe(true);
    for (const url of [
      '/',
      '/index.html',
      '/assets/app.js',
      '/api/docs',
      '/api/docs/static/x.css',
      '/healthzz',
    ])
      expect(isApiAnswer(url)).toBe(false);
  });

  it("puts the response's style nonce into index.html, a new one each time, never cached", async () => {
    const nonces = [];
    for (const path of ['/', '/dexter/issues/1']) {
      const response = await dexter.anonymous(path);
      const html = await response.text();
      const nonce = /content="([0-9a-f]{32})"/.exec(html)?.[1];
      expect(nonce).toBeDefined();
      expect(directives(response.headers.get('content-security-policy'))['style-src']).toEqual([
        "'self'",
        `'nonce-${nonce}'`,
      ]);
      expect(response.headers.get('cache-control')).toBe('no-store');
      nonces.push(nonce);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
    expect((await dexter.anonymous('/index.html')).status).not.toBe(200);
  });

  it('sends HSTS only on answers that went out over TLS', async () => {
    expect((await dexter.anonymous('/api/v1/meta')).headers.get('strict-transport-security')).toBeNull();
    const behindTls = await dexter.anonymous('/api/v1/meta', { headers: { 'x-forwarded-proto': 'https' } });
    expect(behindTls.headers.get('strict-transport-security')).toMatch(/max-age=31536000/);
  });
});

describe('request limits', () => {
  it('refuses API bodies over the limit before reading them', async () => {
    const signIn = await dexter.anonymous('/api/v1/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'x'.repeat(5000) }),
    });
    expect(signIn.status).toBe(413);
    const update = await dexter.request('/api/v1/organizations/dexter/issues/1', {
      method: 'PUT',
      body: JSON.stringify({ status: 'resolved', padding: 'x'.repeat(70_000) }),
    });
    expect(update.status).toBe(413);
  });

  it('rate-limits each client address on /api/v1', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await limited.anonymous('/api/v1/auth/config')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const refused = await limited.anonymous('/api/v1/auth/config');
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
      'DEXTER_ERR_RATE_LIMITED',
    );
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await limited.anonymous('/healthz')).status).toBe(200);
  });
});
