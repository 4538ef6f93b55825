/**
 * Alerts in the browser: a rule built with the sentence builder on the Alerts page shows in the
 * list as its sentence; real `@sentry/node` events make it fire, and the list then shows when it
 * last fired and how often, and its history the in-app delivery, delivered. Screenshots of the
 * list and of the history go to test-artifacts/.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sendAlertBurst } from '@dexter/store/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SpawnedDexter, spawnDexter } from '../apps/server/src/testing/spawn-dexter';
import { artifactsDir, launchBrowser } from './support/browser';
import { firstSignIn } from './support/sign-in';

let dexter: SpawnedDexter;
let dataDir: string;
let page: Page;
let closeBrowser: () => Promise<void>;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'dexter-e2e-alerts-'));
  dexter = await spawnDexter({
    DEXTER_DATA_DIR: dataDir,
    DEXTER_ALERT_POLL_MS: '200',
    DEXTER_ALLOW_PRIVATE_URLS: '127.0.0.1',
  });
  const browser = await launchBrowser();
  closeBrowser = browser.close;
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  await page.goto(`${dexter.url}/dexter/alerts`);
  await firstSignIn(page, dataDir);
}, 150_000);

afterAll(async () => {
  await closeBrowser?.();
  await dexter?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('alerts page', () => {
  it('builds a rule as a sentence, sees it fire on real SDK events, and shows its delivery', async () => {
    await page.goto(`${dexter.url}/dexter/alerts`);
    await page.getByText('No alert rules yet').waitFor();
    await page.getByLabel('Rule name').fill('Checkout is failing');
    await page.getByLabel('Threshold').fill('2');
    await expect
      .poll(() => page.getByLabel('Rule as a sentence').textContent())
      .toBe(
        'When an issue is seen more than 2 times in 1 hour, notify in Dexter at most once per 30 minutes.',
      );
    await page.getByRole('button', { name: 'Create rule' }).click();

    const rules = page.getByRole('table', { name: 'Alert rules' });
    await rules.getByText('Checkout is failing').waitFor();
    expect(await rules.textContent()).toContain('never');
    await page.screenshot({ path: join(artifactsDir, 'alerts-rule-list.png'), fullPage: true });

    const { projects } = JSON.parse(readFileSync(join(dataDir, 'bootstrap.json'), 'utf8')) as {
      projects: Array<{ dsn: string }>;
    };
    await sendAlertBurst({ dsn: projects[0]!.dsn, count: 3, fingerprint: 'e2e-alerts' });

    // The in-app action: a notice on the page, told over the live socket.
    await page.getByRole('status').filter({ hasText: 'Checkout is failing' }).waitFor({ timeout: 30_000 });

    // The list refreshes on its own: the rule has fired once.
    const row = rules.getByRole('row').filter({ hasText: 'Checkout is failing' });
    await expect
      .poll(async () => (await row.getByRole('cell').nth(2).textContent())?.trim(), { timeout: 30_000 })
      .toBe('1');
    expect(await row.getByRole('cell').nth(1).textContent()).not.toBe('never');

    await row.getByRole('button', { name: 'History' }).click();
    const deliveries = page.getByRole('table', { name: 'Deliveries' });
    await deliveries.getByText('delivered').waitFor({ timeout: 30_000 });
    expect(await deliveries.textContent()).toContain('more than 2 events in 1 hour');
    expect(await deliveries.textContent()).toContain('in_app');
    await page.screenshot({ path: join(artifactsDir, 'alerts-history.png'), fullPage: true });
  });

  it('shows the field the server refused', async () => {
    await page.getByLabel('Rule name').fill('Metadata service');
    await page.getByRole('combobox', { name: 'Action' }).click();
    await page.getByRole('option', { name: 'post a signed webhook to' }).click();
    await page.getByLabel('Target').fill('http://169.254.169.254/latest/meta-data');
    await page.getByRole('button', { name: 'Create rule' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'The rule was refused' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('actions.0.url');
  });

  it('builds a webhook digest and lists it as its sentence', async () => {
    await page.getByLabel('Rule name').fill('Digest of new issues');
    await page.getByRole('combobox', { name: 'Trigger' }).click();
    await page.getByRole('option', { name: 'a new issue is created' }).click();
    await page.getByRole('combobox', { name: 'Action' }).click();
    await page.getByRole('option', { name: 'post a signed webhook to' }).click();
    await page.getByLabel('Target').fill('http://127.0.0.1:9/hooks');
    await page.getByLabel('Digest minutes').fill('10');
    await page.getByRole('button', { name: 'Create rule' }).click();
    const row = page
      .getByRole('table', { name: 'Alert rules' })
      .getByRole('row')
      .filter({ hasText: 'Digest of new issues' });
    await row.waitFor();
    expect(await row.textContent()).toContain(
      'When a new issue is created, post a digest of every 10 minutes to http://127.0.0.1:9/hooks at most once per 30 minutes.',
    );
  });

  it('duplicates a rule and turns the copy off', async () => {
    const rules = page.getByRole('table', { name: 'Alert rules' });
    const original = rules.getByRole('row').filter({ hasText: 'Digest of new issues' }).first();
    await original.getByRole('button', { name: 'Duplicate' }).click();
    const copy = rules.getByRole('row').filter({ hasText: 'Copy of Digest of new issues' });
    await copy.waitFor();
    await copy.getByLabel('Enabled: Copy of Digest of new issues').click({ force: true });
    await expect.poll(() => copy.getByLabel('Enabled: Copy of Digest of new issues').isChecked()).toBe(false);
    // Turned off at the source: the rule as Dexter reads it back says so.
    const { org, projects, token } = JSON.parse(readFileSync(join(dataDir, 'bootstrap.json'), 'utf8')) as {
      org: string;
      token: string;
      projects: Array<{ slug: string }>;
    };
    const stored = (await (
      await fetch(`${dexter.url}/api/0/projects/${org}/${projects[0]!.slug}/rules/`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as Array<{ name: string; status: string }>;
    expect(stored.find((rule) => rule.name === 'Copy of Digest of new issues')?.status).toBe('disabled');
    await page.screenshot({ path: join(artifactsDir, 'alerts-rule-list.png'), fullPage: true });
  });

  it('edits a rule in place and snoozes it for 8 hours', async () => {
    const rules = page.getByRole('table', { name: 'Alert rules' });
    const row = rules.getByRole('row').filter({ hasText: 'Checkout is failing' });
    await row.getByRole('button', { name: 'Edit' }).click();
    const editor = page.getByRole('form', { name: 'Edit alert rule Checkout is failing' });
    await editor.getByLabel('Threshold').fill('5');
    await editor.getByRole('button', { name: 'Save changes' }).click();
    await expect
      .poll(() => row.textContent(), { timeout: 30_000 })
      .toContain('When an issue is seen more than 5 times in 1 hour');
    // The builder is back to a new rule, and the edited rule kept its history.
    await page.getByRole('form', { name: 'New alert rule' }).waitFor();
    expect((await row.getByRole('cell').nth(2).textContent())?.trim()).toBe('1');

    await row.getByRole('button', { name: 'Snooze' }).click();
    await page.getByRole('menuitem', { name: 'for 8 hours' }).click();
    await row.getByLabel('Snoozed: Checkout is failing').waitFor({ timeout: 30_000 });
    expect(await row.textContent()).toContain('snoozed until');
    await page.screenshot({ path: join(artifactsDir, 'alerts-edit-snooze.png'), fullPage: true });
    await row.getByRole('button', { name: 'Unsnooze' }).click();
    await row.getByRole('button', { name: 'Snooze' }).waitFor();
  });
});
