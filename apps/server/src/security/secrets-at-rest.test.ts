/**
 * Nothing secret is stored in the clear: after passwords are set, sessions opened, API tokens
 * minted and secrets stored, neither SQLite file (nor its WAL) contains any of them. A positive
 * control (a user name, a DSN public key) proves the scan reads the data it claims to read.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiTokenCreated } from '@dexter/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestClient } from '../testing/test-client';
import { ADMIN_PASSWORD, startTestDexter, type TestDexter } from '../testing/test-dexter';
import { SESSION_COOKIE } from './accounts/auth-cookies';

let dexter: TestDexter;
const secrets: Record<string, string> = {};

beforeAll(async () => {
  dexter = await startTestDexter({}, { resolve: async () => [{ address: '93.184.216.34', family: 4 }] });
  secrets.adminPassword = ADMIN_PASSWORD;
  secrets.adminSession = dexter.admin.cookies.get(SESSION_COOKIE)!;

  const created = await (
    await dexter.request('/api/v1/users', {
      method: 'POST',
      body: JSON.stringify({ username: 'scan-user', role: 'triager' }),
    })
  ).json();
  secrets.oneTimePassword = (created as { oneTimePassword: string }).oneTimePassword;
  const browser = createTestClient(dexter.url);
  await browser.signIn('scan-user', secrets.oneTimePassword);
  secrets.firstSession = browser.cookies.get(SESSION_COOKIE)!;
  secrets.newPassword = 'the scan user chose this';
  expect((await browser.changePassword(secrets.oneTimePassword, secrets.newPassword)).status).toBe(200);
  secrets.secondSession = browser.cookies.get(SESSION_COOKIE)!;

  const token = (await (
    await browser.request('/api/v1/tokens', {
      method: 'POST',
      body: JSON.stringify({ name: 'scan', role: 'viewer', expiresInDays: 3 }),
    })
  ).json()) as ApiTokenCreated;
  secrets.apiToken = token.secret;

  secrets.sentryToken = 'sntryu_0123456789abcdef0123456789abcdef0123456789abcdef';
  const put = await dexter.request('/api/v1/secrets/sentry', {
    method: 'PUT',
    body: JSON.stringify({ value: secrets.sentryToken, url: 'https://sentry.example.com' }),
  });
  expect(put.status).toBe(200);
  secrets.slackToken = 'xoxb-1234-5678-abcdefghijklmnop';
  await dexter.security.services.secrets.put('slack', secrets.slackToken, null);

  const storeToken = await dexter.request('/api/v1/store/tokens', {
    method: 'POST',
    body: JSON.stringify({ name: 'scan', scopes: ['event:read'] }),
  });
  secrets.storeToken = ((await storeToken.json()) as { secret: string }).secret;
  secrets.bootstrapStoreToken = dexter.bootstrap!.token;
});
afterAll(() => dexter.close());

function databaseBytes(): Buffer {
  const files = readdirSync(dexter.dataDir).filter((name) => /^(dexter|store)\.sqlite(-wal)?$/.test(name));
  expect(files).toEqual(expect.arrayContaining(['dexter.sqlite', 'store.sqlite']));
  return Buffer.concat(files.map((name) => readFileSync(join(dexter.dataDir, name))));
}

describe('secrets at rest', () => {
  it('reads back the stored secrets through the service (so they are really stored)', async () => {
    expect(await dexter.security.services.secrets.get('sentry')).toBe(secrets.sentryToken);
    expect(await dexter.security.services.secrets.get('slack')).toBe(secrets.slackToken);
  });

  it('the scan finds what is not secret: a user name and a DSN public key', () => {
    const bytes = databaseBytes();
    expect(bytes.includes('scan-user')).toBe(true);
    expect(bytes.includes(new URL(dexter.bootstrap!.projects[0]!.dsn).username)).toBe(true);
  });

  it('neither SQLite file holds any password, session id, API token or secret in plaintext', () => {
    const bytes = databaseBytes();
    expect(Object.keys(secrets)).toHaveLength(11);
    const found = Object.entries(secrets).filter(
      ([, value]) => bytes.includes(value) || bytes.includes(Buffer.from(value, 'utf16le')),
    );
    expect(found.map(([name]) => name)).toEqual([]);
  });

  it('the secrets list never returns a value', async () => {
    const list = await (await dexter.request('/api/v1/secrets')).text();
    expect(list).toContain('sentry.example.com');
    expect(list).not.toContain(secrets.sentryToken);
  });
});
