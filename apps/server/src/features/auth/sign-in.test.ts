/**
 * Signing in over HTTP as the first-run admin: the one-time password from bootstrap.json, the
 * forced password change, session rotation, expiry by an injected clock, sign-out and sign-out
 * everywhere, and progressive back-off against password guessing.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../security/accounts/auth-cookies';
import { createTestClient, type TestClient } from '../../testing/test-client';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';

let dexter: TestDexter;
let clock = Date.parse('2026-11-01T09:00:00Z');
let oneTimePassword = '';
const NEW_PASSWORD = 'a brand new pass phrase';
const IDLE_MINUTES = 30;

const errorCode = async (response: Response) =>
  ((await response.json()) as { error: { code: string } }).error.code;

beforeAll(async () => {
  dexter = await startTestDexter(
    { DEXTER_SESSION_IDLE_MINUTES: String(IDLE_MINUTES), DEXTER_SESSION_MAX_HOURS: '2' },
    { now: () => clock },
  );
  // startTestDexter replaced the admin's one-time password; make a fresh first-run account to use the real flow.
  const { oneTimePassword: password } = await dexter.security.services.users.create({
    username: 'firstrun',
    role: 'admin',
  });
  oneTimePassword = password;
});
afterAll(() => dexter.close());

describe('first run', () => {
  it('writes the admin one-time password to bootstrap.json (mode 0600) beside the store keys', () => {
    const path = join(dexter.dataDir, 'bootstrap.json');
    const file = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    expect(file).toMatchObject({ admin: { username: 'admin' }, org: 'dexter', token: expect.any(String) });
    expect(Object.keys(file).sort()).toEqual(['admin', 'org', 'projects', 'token', 'url']);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});

describe('sign-in with a one-time password', () => {
  let browser: TestClient;

  it('signs in, but allows nothing except the password change until it is changed', async () => {
    browser = createTestClient(dexter.url);
    const signIn = await browser.signIn('firstrun', oneTimePassword);
    expect(signIn.status).toBe(200);
    expect(await signIn.json()).toMatchObject({
      user: { username: 'firstrun', role: 'admin', mustChangePassword: true },
    });
    const cookie = signIn.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect((await browser.request('/api/v1/auth/session')).status).toBe(200);
    const blocked = await browser.request('/api/v1/meta');
    expect(blocked.status).toBe(403);
    expect(await errorCode(blocked)).toBe('DEXTER_ERR_PASSWORD_CHANGE_REQUIRED');
  });

  it('refuses a weak new password and a wrong current one', async () => {
    expect(await errorCode(await browser.changePassword(oneTimePassword, 'short'))).toBe(
      'DEXTER_ERR_VALIDATION',
    );
    expect(await errorCode(await browser.changePassword('wrong password!', NEW_PASSWORD))).toBe(
      'DEXTER_ERR_INVALID_CREDENTIALS',
    );
  });

  it('changes the password with a new session id; the old session is gone and the API opens', async () => {
    const before = browser.cookies.get(SESSION_COOKIE)!;
    const changed = await browser.changePassword(oneTimePassword, NEW_PASSWORD);
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ user: { mustChangePassword: false } });
    expect(browser.cookies.get(SESSION_COOKIE)).not.toBe(before);
    expect((await browser.request('/api/v1/meta')).status).toBe(200);
    const stale = await dexter.anonymous('/api/v1/auth/session', {
      headers: { cookie: `${SESSION_COOKIE}=${before}` },
    });
    expect(stale.status).toBe(401);
    expect((await createTestClient(dexter.url).signIn('firstrun', oneTimePassword)).status).toBe(401);
  });
});

describe('sessions', () => {
  it('issues a new session id at every sign-in and ends the one the browser came with', async () => {
    const browser = createTestClient(dexter.url);
    await browser.signIn('firstrun', NEW_PASSWORD);
    const first = browser.cookies.get(SESSION_COOKIE)!;
    await browser.signIn('firstrun', NEW_PASSWORD);
    const second = browser.cookies.get(SESSION_COOKIE)!;
    expect(second).not.toBe(first);
    expect(
      (await dexter.anonymous('/api/v1/auth/session', { headers: { cookie: `${SESSION_COOKIE}=${first}` } }))
        .status,
    ).toBe(401);
    expect((await browser.request('/api/v1/auth/session')).status).toBe(200);
  });

  it('expires after the idle time without use, and at the absolute limit despite use', async () => {
    const idle = createTestClient(dexter.url);
    await idle.signIn('firstrun', NEW_PASSWORD);
    clock += (IDLE_MINUTES - 1) * 60_000;
    expect((await idle.request('/api/v1/auth/session')).status).toBe(200);
    clock += IDLE_MINUTES * 60_000;
    expect((await idle.request('/api/v1/auth/session')).status).toBe(401);

    const busy = createTestClient(dexter.url);
    await busy.signIn('firstrun', NEW_PASSWORD);
    for (let minutes = 0; minutes < 120; minutes += 20) {
      expect((await busy.request('/api/v1/auth/session')).status).toBe(200);
      clock += 20 * 60_000;
    }
    expect((await busy.request('/api/v1/auth/session')).status).toBe(401);
  });

  it('signs out one session, or all of them', async () => {
    const [a, b, c] = [
      createTestClient(dexter.url),
      createTestClient(dexter.url),
      createTestClient(dexter.url),
    ];
    for (const client of [a, b, c]) await client.signIn('firstrun', NEW_PASSWORD);
    const aSession = a.cookies.get(SESSION_COOKIE)!;
    expect((await a.request('/api/v1/auth/sign-out', { method: 'POST' })).status).toBe(204);
    expect(a.cookies.has(SESSION_COOKIE)).toBe(false);
    expect(
      (
        await dexter.anonymous('/api/v1/auth/session', {
          headers: { cookie: `${SESSION_COOKIE}=${aSession}` },
        })
      ).status,
    ).toBe(401);
    expect((await b.request('/api/v1/auth/session')).status).toBe(200);

    const everywhere = await b.request('/api/v1/auth/sign-out-everywhere', { method: 'POST' });
    expect(await everywhere.json()).toEqual({ sessionsEnded: 2 });
    expect((await c.request('/api/v1/auth/session')).status).toBe(401);
  });
});

describe('password guessing', () => {
  it('meets a growing back-off, during which even the right password is refused', async () => {
    const attacker = createTestClient(dexter.url);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await attacker.signIn('firstrun', `guess number ${i}`)).status);
    // Three failures are free; the fourth starts a 1 s wait, during which nothing is checked.
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    const throttled = await attacker.signIn('firstrun', NEW_PASSWORD);
    expect(throttled.status).toBe(429);
    expect(await errorCode(throttled)).toBe('DEXTER_ERR_SIGN_IN_THROTTLED');
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    clock += 1_000;
    expect((await attacker.signIn('firstrun', 'guess number 5')).status).toBe(401);
    expect(Number((await attacker.signIn('firstrun', NEW_PASSWORD)).headers.get('retry-after'))).toBe(2);
    clock += 2_000;
    expect((await attacker.signIn('firstrun', NEW_PASSWORD)).status).toBe(200);
  });

  it('answers an unknown user exactly like a wrong password', async () => {
    const response = await createTestClient(dexter.url).signIn('nobody-here', 'some password');
    expect(response.status).toBe(401);
    expect(await errorCode(response)).toBe('DEXTER_ERR_INVALID_CREDENTIALS');
  });
});
