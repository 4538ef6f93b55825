/**
 * Cross-site request forgery: a state-changing request made by another site's page fails,
 * whether it is caught by the browser's `Sec-Fetch-Site`/`Origin` headers or, without them, by the
 * missing CSRF token; the same request from Dexter's own page goes through.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestDexter, type TestDexter } from '../testing/test-dexter';

let dexter: TestDexter;
let issueUrl = '';
const resolve = {
  method: 'PUT',
  body: JSON.stringify({ status: 'resolved' }),
  headers: { 'content-type': 'application/json' },
};

beforeAll(async () => {
  dexter = await startTestDexter();
  // Any issue id: the guard answers before the upstream is asked.
  issueUrl = '/api/v1/organizations/dexter/issues/1';
});
afterAll(() => dexter.close());

const codeOf = async (response: Response) =>
  ((await response.json()) as { error: { code: string } }).error.code;

describe('cross-site requests', () => {
  it('refuses a cookie request from another origin, even with the right CSRF token', async () => {
    const response = await dexter.request(issueUrl, {
      ...resolve,
      headers: { ...resolve.headers, origin: 'https://evil.example' },
    });
    expect(response.status).toBe(403);
    expect(await codeOf(response)).toBe('DEXTER_ERR_CSRF');
  });

  it('refuses what the browser marks cross-site or same-site', async () => {
    for (const site of ['cross-site', 'same-site']) {
      const response = await dexter.request(issueUrl, {
        ...resolve,
        headers: { ...resolve.headers, 'sec-fetch-site': site },
      });
      expect(response.status).toBe(403);
      expect(await codeOf(response)).toBe('DEXTER_ERR_CSRF');
    }
  });

  it('refuses a cookie request without the CSRF header (an old browser without Origin)', async () => {
    const response = await dexter.request(issueUrl, {
      ...resolve,
      headers: { ...resolve.headers, 'x-csrf-token': '' },
    });
    expect(response.status).toBe(403);
    expect(await codeOf(response)).toBe('DEXTER_ERR_CSRF');
    const other = await dexter.request(issueUrl, {
      ...resolve,
      headers: { ...resolve.headers, 'x-csrf-token': 'A'.repeat(43) },
    });
    expect(await codeOf(other)).toBe('DEXTER_ERR_CSRF');
  });

  it('refuses a sign-in form posted from another site (login CSRF)', async () => {
    const response = await dexter.anonymous('/api/v1/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: 'https://evil.example' },
      body: JSON.stringify({ username: 'admin', password: 'x' }),
    });
    expect(response.status).toBe(403);
  });

  it("lets the same request through from Dexter's own page", async () => {
    const response = await dexter.request(issueUrl, {
      ...resolve,
      headers: { ...resolve.headers, origin: dexter.url, 'sec-fetch-site': 'same-origin' },
    });
    expect([401, 403]).not.toContain(response.status);
  });

  it('refuses a WebSocket upgrade from another origin, even with the session cookie', async () => {
    const cookie = [...dexter.admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const status = await new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(`${dexter.url.replace('http', 'ws')}/api/v1/live`, {
        headers: { cookie },
        origin: 'https://evil.example',
      });
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.on('open', () => reject(new Error('a cross-site socket opened')));
      socket.on('error', () => {});
    });
    expect(status).toBe(403);
  });
});
