/**
 * Signing in in the browser: a fresh Dexter sends the visitor to the sign-in page; a wrong
 * password is refused; the admin's one-time password leads to the forced password change, then
 * into the app; sign-out ends the session, and only the new password works afterwards. The page
 * runs under the strict CSP without a single violation. Screenshots go to test-artifacts/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SpawnedDexter, spawnDexter } from '../apps/server/src/testing/spawn-dexter';
import { artifactsDir, launchBrowser } from './support/browser';
import { E2E_ADMIN_PASSWORD, fillSignIn, oneTimeAdminPassword } from './support/sign-in';

let dexter: SpawnedDexter;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
const dataDir = mkdtempSync(join(tmpdir(), 'dexter-e2e-auth-'));
const cspViolations: string[] = [];
let oneTime = '';

beforeAll(async () => {
  dexter = await spawnDexter({ DEXTER_DATA_DIR: dataDir });
  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await dexter?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('sign-in in the browser', () => {
  it('sends a visitor who is not signed in to the sign-in page, keeping where they were going', async () => {
    await page.goto(`${dexter.url}/dexter/issues`);
    await page.waitForURL(/\/sign-in\?next=%2Fdexter%2Fissues/);
    await page.getByTestId('sign-in-submit').waitFor();
    await page.screenshot({ path: join(artifactsDir, 'auth-sign-in.png') });
  });

  it('refuses a wrong password', async () => {
    await fillSignIn(page, 'admin', 'not the password');
    await expect
      .poll(() => page.getByTestId('sign-in-error').textContent())
      .toMatch(/Wrong user name or password/);
  });

  it('asks for a new password after the one-time password, then opens the app', async () => {
    oneTime = oneTimeAdminPassword(dataDir);
    await fillSignIn(page, 'admin', oneTime);
    await page.waitForURL(/\/change-password/);
    await page.getByTestId('current-password').fill(oneTime);
    await page.getByTestId('new-password').fill('short');
    await page.getByTestId('repeat-password').fill('short');
    await page.screenshot({ path: join(artifactsDir, 'auth-change-password.png') });
    await page.getByTestId('new-password').fill(E2E_ADMIN_PASSWORD);
    await page.getByTestId('repeat-password').fill(E2E_ADMIN_PASSWORD);
    await page.getByTestId('change-password-submit').click();
    await page.waitForURL(/\/dexter\/issues$/);
    await page.getByTestId('user-menu').waitFor();

    const cookies = await browser.context.cookies();
    const session = cookies.find((c) => c.name === 'dexter_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(cookies.find((c) => c.name === 'dexter_csrf')?.httpOnly).toBe(false);
    // The one-time password is useless now; it is gone from bootstrap.json too.
    expect(() => oneTimeAdminPassword(dataDir)).toThrow(/no admin one-time password/);
  });

  it('signs out from the user menu; the old password no longer works, the new one does', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByTestId('sign-out').waitFor();
    await page.screenshot({ path: join(artifactsDir, 'auth-user-menu.png') });
    await page.getByTestId('sign-out').click();
    // A query that meets the ended session first may add `?next=` back to the page: either is right.
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 15_000 }).toBe('/sign-in');
    expect((await browser.context.cookies()).some((c) => c.name === 'dexter_session')).toBe(false);

    await page.goto(`${dexter.url}/settings/tokens`);
    await page.waitForURL(/\/sign-in\?next=/);
    await fillSignIn(page, 'admin', oneTime);
    await expect.poll(() => page.getByTestId('sign-in-error').textContent()).toMatch(/Wrong/);
    await fillSignIn(page, 'admin', E2E_ADMIN_PASSWORD);
    await page.waitForURL(/\/settings\/tokens$/);
    await page.getByTestId('token-create').waitFor();
  });

  it('ran every page under the CSP without a violation', () => {
    expect(cspViolations).toEqual([]);
  });
});
