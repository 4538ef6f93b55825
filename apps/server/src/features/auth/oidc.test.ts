/**
 * Single sign-on against a real (test) OpenID Connect provider: the code flow with PKCE, state and
 * nonce ends in a Dexter session; the role comes from the configured claim or the default; a
 * tampered callback is refused and audited; an SSO identity never joins a local account that
 * happens to share its name.
 */
import type { AuditList } from '@dexter/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOidcProvider } from '../../testing/fake-oidc-provider';
import { createTestClient, type TestClient } from '../../testing/test-client';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';

const PUBLIC_URL = 'http://dexter.test';
let idp: Awaited<ReturnType<typeof startFakeOidcProvider>>;
let dexter: TestDexter;

beforeAll(async () => {
  idp = await startFakeOidcProvider({ id: 'dexter', secret: 'client-secret' });
  dexter = await startTestDexter({
    DEXTER_PUBLIC_URL: PUBLIC_URL,
    DEXTER_OIDC_ISSUER: idp.issuer,
    DEXTER_OIDC_CLIENT_ID: 'dexter',
    DEXTER_OIDC_CLIENT_SECRET: 'client-secret',
    DEXTER_OIDC_ROLE_CLAIM: 'dexter_role',
    // The test provider listens on loopback, which the SSRF guard refuses unless allowed.
    DEXTER_ALLOW_PRIVATE_URLS: new URL(idp.issuer).host,
  });
});
afterAll(async () => {
  await dexter.close();
  await idp.close();
});

/** Runs the browser's part: start, the provider's approval, and the callback back at Dexter. */
async function ssoSignIn(browser: TestClient, tamper?: (callback: URL) => void) {
  const start = await browser.request('/api/v1/auth/oidc/start');
  expect(start.status).toBe(302);
  const authorize = new URL(start.headers.get('location')!);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorize.searchParams.get('redirect_uri')).toBe(`${PUBLIC_URL}/api/v1/auth/oidc/callback`);
  const approved = await fetch(authorize, { redirect: 'manual' });
  const callback = new URL(approved.headers.get('location')!);
  tamper?.(callback);
  return browser.request(`${callback.pathname}${callback.search}`);
}

describe('OIDC sign-in', () => {
  it('offers SSO on the sign-in page', async () => {
    expect(await (await dexter.anonymous('/api/v1/auth/config')).json()).toEqual({
      localSignIn: true,
      mode: 'standalone',
      oidc: { startUrl: '/api/v1/auth/oidc/start' },
    });
  });

  it('ends in a session of a user created at first sign-in, with the default role', async () => {
    const browser = createTestClient(dexter.listenUrl);
    const done = await ssoSignIn(browser);
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe('/');
    const session = await (await browser.request('/api/v1/auth/session')).json();
    expect(session).toMatchObject({
      user: { username: 'sso-user', role: 'viewer', authMethod: 'oidc', mustChangePassword: false },
    });

    const again = createTestClient(dexter.listenUrl);
    await ssoSignIn(again);
    const second = (await (await again.request('/api/v1/auth/session')).json()) as { user: { id: number } };
    expect(second.user.id).toBe((session as { user: { id: number } }).user.id);
  });

  it('takes the role from the configured claim', async () => {
    idp.state.nextUser = { sub: 'boss', preferred_username: 'boss', dexter_role: 'admin' };
    const browser = createTestClient(dexter.listenUrl);
    await ssoSignIn(browser);
    expect(await (await browser.request('/api/v1/auth/session')).json()).toMatchObject({
      user: { username: 'boss', role: 'admin' },
    });
  });

  it('never joins a local account of the same name', async () => {
    await dexter.security.services.users.create({ username: 'carol', role: 'admin' });
    idp.state.nextUser = { sub: 'carol-at-idp', preferred_username: 'carol' };
    const browser = createTestClient(dexter.listenUrl);
    await ssoSignIn(browser);
    const { user } = (await (await browser.request('/api/v1/auth/session')).json()) as {
      user: { username: string; role: string };
    };
    expect(user.username).toMatch(/^carol-[0-9a-f]{6}$/);
    expect(user.role).toBe('viewer');
  });

  it('refuses a callback whose state was tampered with, or that arrives without the flow cookie', async () => {
    const browser = createTestClient(dexter.listenUrl);
    const tampered = await ssoSignIn(browser, (callback) => callback.searchParams.set('state', 'forged'));
    expect(tampered.headers.get('location')).toBe('/sign-in?error=sso');
    expect((await browser.request('/api/v1/auth/session')).status).toBe(401);

    const stranger = createTestClient(dexter.listenUrl);
    const start = await createTestClient(dexter.listenUrl).request('/api/v1/auth/oidc/start');
    const approved = await fetch(start.headers.get('location')!, { redirect: 'manual' });
    const callback = new URL(approved.headers.get('location')!);
    const noCookie = await stranger.request(`${callback.pathname}${callback.search}`);
    expect(noCookie.headers.get('location')).toBe('/sign-in?error=sso');

    const audit = (await (
      await dexter.request('/api/v1/audit?action=auth.oidcCallback&result=denied')
    ).json()) as AuditList;
    expect(audit.entries).toHaveLength(2);
  });
});
