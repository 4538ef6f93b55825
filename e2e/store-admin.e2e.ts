/**
 * Standalone administration in the browser, as the admin of a fresh installation does it: the
 * sign-in page says nothing of a Sentry token; the user menu leads to the store's projects; a new
 * project shows its DSN, which the real SDK sends an error with; rotating its key gives a new DSN
 * and the old one is refused at once; a store token is shown once, works against `/api/0`, and
 * stops working when revoked. A Dexter user added on the users page can be assigned an issue.
 * The issue page offers no "Open in Sentry". Screenshots go to
 * test-artifacts/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { envelopeOf, postEnvelope, testEvent } from '@dexter/store/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SpawnedDexter, spawnDexter } from '../apps/server/src/testing/spawn-dexter';
import { artifactsDir, launchBrowser } from './support/browser';
import { runSdkError } from './support/sdk-error';
import { firstSignIn } from './support/sign-in';

let dexter: SpawnedDexter;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
const dataDir = mkdtempSync(join(tmpdir(), 'dexter-e2e-store-admin-'));

beforeAll(async () => {
  dexter = await spawnDexter({ DEXTER_DATA_DIR: dataDir });
  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await dexter?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: join(artifactsDir, name), fullPage: true });
const keyRows = () => page.getByTestId('store-key-row');
const liveDsn = async () =>
  (await page
    .locator('[data-testid="store-key-row"][data-revoked="false"] [data-testid="store-key-dsn"]')
    .textContent()) ?? '';

/** Posts one envelope with this DSN's key: the status says whether the key is accepted. */
async function ingestStatus(dsn: string): Promise<number> {
  const url = new URL(dsn);
  const event = testEvent({ type: 'KeyCheck' });
  return (await postEnvelope(dexter.url, url.pathname.slice(1), url.username, envelopeOf(event))).status;
}

describe('standalone administration', () => {
  it('signs in without any word of a Sentry token', async () => {
    await page.goto(dexter.url);
    await page.waitForURL(/\/sign-in/);
    await page.getByText('Everything behind this page needs a Dexter account.').waitFor();
    expect(await page.textContent('body')).not.toMatch(/Sentry token/);
    await firstSignIn(page, dataDir);
  });

  it('creates a project from the user menu and shows its DSN, which the SDK sends with', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByTestId('menu-store-projects').click();
    await page.waitForURL(/\/admin\/store\/projects$/);
    await page.getByTestId('store-project-row').first().waitFor();
    expect(await page.title()).toBe('Projects · Dexter');
    // Dexter's own pages keep the organization's navigation; "admin" is not taken for an organization.
    expect(await page.getByTestId('nav-issues').getAttribute('href')).toBe('/dexter/issues');
    expect(await page.locator('header').textContent()).not.toMatch(/\badmin\b/);

    // An empty name is refused by the form, naming the field.
    await page.getByTestId('project-create').click();
    await page.getByText('Name: 1 to 50 characters, with a letter').waitFor();

    await page.getByTestId('project-name').fill('Checkout Web');
    await page.getByTestId('project-platform').click();
    await page.getByRole('option', { name: 'javascript-react' }).click();
    await page.getByTestId('project-create').click();
    await page.waitForURL(/\/admin\/store\/projects\/checkout-web$/);
    await page.getByText('Project Checkout Web created').waitFor();
    await expect.poll(() => keyRows().count()).toBe(1);
    const dsn = await liveDsn();
    expect(dsn).toMatch(/^http:\/\/[0-9a-f]{32}@127\.0\.0\.1:\d+\/\d+$/);
    await runSdkError(dsn, 'store-admin', 'CheckoutFailed: card declined');
    await shot('store-admin-project-keys.png');

    await page.getByText('← Projects').click();
    await page.locator('[data-testid="store-project-row"][data-slug="checkout-web"]').waitFor();
    expect(await page.getByTestId('store-project-row').count()).toBe(2);
    await shot('store-admin-projects.png');
  });

  it('refuses a second project of the same name under the field', async () => {
    await page.getByTestId('project-name').fill('checkout web');
    await page.getByTestId('project-create').click();
    await page
      .getByText('a project with the slug "checkout-web" exists already; choose another name')
      .waitFor();
    expect(page.url()).toMatch(/\/admin\/store\/projects$/);
  });

  it('rotates a key: a new DSN, and the old one refused at once', async () => {
    await page.locator('[data-testid="store-project-row"][data-slug="checkout-web"] a').click();
    await page.waitForURL(/\/projects\/checkout-web$/);
    await expect.poll(() => keyRows().count()).toBe(1);
    const old = await liveDsn();
    expect(await ingestStatus(old)).toBe(200);

    await page.getByTestId('key-rotate').click();
    await page.getByText('Rotate this DSN key?').waitFor();
    await shot('store-admin-rotate-confirm.png');
    await page.getByTestId('key-rotate-confirm').click();
    await page.getByText('Key Default rotated').waitFor();
    await expect.poll(() => keyRows().count()).toBe(2);
    const fresh = await liveDsn();
    expect(fresh).not.toBe(old);
    expect(await page.locator('[data-testid="store-key-row"][data-revoked="true"]').textContent()).toContain(
      new URL(old).username,
    );
    expect(await ingestStatus(old)).toBe(403);
    expect(await ingestStatus(fresh)).toBe(200);
    await shot('store-admin-rotated.png');
  });

  it('creates a store token shown once, which works until it is revoked', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByTestId('menu-store-tokens').click();
    await page.waitForURL(/\/admin\/store\/tokens$/);
    await page.getByTestId('store-token-name').fill('CI releases');
    await page.getByTestId('store-token-create').click();
    const secret = (await page.getByTestId('store-token-secret').textContent()) ?? '';
    expect(secret.length).toBeGreaterThan(20);
    const row = page.locator('[data-testid="store-token-row"][data-name="CI releases"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('project:releases');
    // Dexter's own token is marked, not offered for revocation.
    const own = page.locator('[data-testid="store-token-row"][data-name="bootstrap"]');
    expect(await own.textContent()).toContain('used by Dexter');
    expect(await own.getByTestId('store-token-revoke').count()).toBe(0);
    await page.locator('[data-testid="store-token-create"]:not([data-loading])').waitFor();
    await shot('store-admin-token-created.png');

    const api0 = () =>
      fetch(`${dexter.url}/api/0/organizations/dexter/releases/`, {
        headers: { authorization: `Bearer ${secret}` },
      });
    expect((await api0()).status).toBe(200);

    await row.getByTestId('store-token-revoke').click();
    await page.getByText('Token CI releases revoked').waitFor();
    await expect.poll(() => row.getAttribute('data-revoked')).toBe('true');
    expect((await api0()).status).toBe(401);
    // Reloaded, the secret is gone for good.
    await page.reload();
    await page.getByTestId('store-token-table').waitFor();
    expect(await page.getByTestId('store-token-secret').count()).toBe(0);
    await shot('store-admin-tokens.png');
  });

  it("lets a new Dexter user be assigned: accounts are the store's members", async () => {
    await page.goto(`${dexter.url}/admin/users`);
    await page.getByLabel('New user name').fill('carol');
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByTestId('one-time-password').waitFor();

    await page.goto(`${dexter.url}/dexter/issues`);
    const row = page.getByTestId('issue-row').filter({ hasText: 'CheckoutFailed' });
    await row.getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    await page.getByTestId('assign-search').fill('carol');
    // The search answers after a pause: Enter picks the first option once carol leads the list.
    await expect
      .poll(() => page.getByTestId('assign-options').getByRole('option').first().textContent(), {
        timeout: 10_000,
      })
      .toContain('carol');
    await shot('store-admin-assign-carol.png');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => row.getByTestId('row-assignee').textContent(), { timeout: 10_000 })
      .toContain('carol');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await shot('store-admin-assigned.png');
  });

  it('shows the SDK error in the stream and on its page, with no "Open in Sentry"', async () => {
    await page.goto(`${dexter.url}/dexter/issues`);
    const row = page.getByTestId('issue-row').filter({ hasText: 'CheckoutFailed' });
    await row.waitFor();
    await row.click();
    await page.getByTestId('issue-title').waitFor();
    expect(await page.textContent('body')).not.toContain('Open in Sentry');
  });

  it("reaches the organization's integrations and chat settings from the user menu", async () => {
    await page.goto(`${dexter.url}/admin/users`);
    await page.getByTestId('user-menu').click();
    expect(await page.getByTestId('menu-chat').getAttribute('href')).toBe('/dexter/settings/chat');
    await page.getByTestId('menu-integrations').click();
    await page.waitForURL(/\/dexter\/settings\/integrations$/);
    await page.getByRole('heading', { name: 'Integrations', level: 2 }).waitFor();
  });
});
