/**
 * Metric alerts in the browser: real `@sentry/node` errors are in the store; the metric builder on
 * the Alerts page reads as a sentence and draws where the rule would have fired over the last 14
 * days (the store's own evaluation over those events), refuses an impossible warning naming the
 * field, and creates the rule, which the metric rule list then shows; Edit opens the builder on the
 * stored rule and Save changes it in place. Screenshots of the builder with its preview, of the
 * list and of the edit go to test-artifacts/.
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
  dataDir = mkdtempSync(join(tmpdir(), 'dexter-e2e-metric-alerts-'));
  dexter = await spawnDexter({ DEXTER_DATA_DIR: dataDir, DEXTER_ALERT_POLL_MS: '200' });
  const browser = await launchBrowser();
  closeBrowser = browser.close;
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.goto(`${dexter.url}/dexter/alerts`);
  await firstSignIn(page, dataDir);
}, 150_000);

afterAll(async () => {
  await closeBrowser?.();
  await dexter?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('metric alert builder', () => {
  it('previews where a rule on real events would have fired, then creates it', async () => {
    const { projects } = JSON.parse(readFileSync(join(dataDir, 'bootstrap.json'), 'utf8')) as {
      projects: Array<{ dsn: string }>;
    };
    await sendAlertBurst({ dsn: projects[0]!.dsn, count: 8, fingerprint: 'e2e-metric' });

    await page.goto(`${dexter.url}/dexter/alerts`);
    const builder = page.getByRole('form', { name: 'New metric alert' });
    await builder.waitFor();
    await builder.getByLabel('Metric alert name').fill('Error storm');
    await builder.getByLabel('Critical at').fill('5');
    await builder.getByLabel('Warning at').fill('3');

    const summary = builder.getByLabel('Preview summary');
    await expect
      .poll(() => summary.textContent(), { timeout: 30_000 })
      .toBe('It would have fired 1 time and resolved 0 times in the last 14 days.');
    await builder
      .getByRole('img', { name: 'Where the rule would have fired over the last 14 days' })
      .waitFor();
    await builder.screenshot({ path: join(artifactsDir, 'alerts-metric-builder-preview.png') });

    // An impossible warning: the preview says which field.
    await builder.getByLabel('Warning at').fill('9');
    const refusal = builder.getByRole('status').filter({ hasText: 'No preview for this rule' });
    await refusal.waitFor({ timeout: 30_000 });
    expect(await refusal.textContent()).toContain('warning: must be below the critical threshold');
    await builder.getByLabel('Warning at').fill('3');

    await builder.getByRole('button', { name: 'Create metric rule' }).click();
    const list = page.getByRole('table', { name: 'Metric rules' });
    await list.getByText('Error storm').waitFor({ timeout: 30_000 });
    expect(await list.textContent()).toContain('When error events over 1 hour go above 5 (warning at 3).');
    // The builder starts over, and its preview follows the reset rule (critical 100: never).
    await expect
      .poll(() => summary.textContent(), { timeout: 30_000 })
      .toBe('It would not have fired in the last 14 days.');
    await page.screenshot({ path: join(artifactsDir, 'alerts-metric-list.png'), fullPage: true });
  });

  it('edits the stored rule in place: the builder opens on it, and Save changes it', async () => {
    const list = page.getByRole('table', { name: 'Metric rules' });
    await list.getByRole('button', { name: 'Edit Error storm' }).click();
    const editor = page.getByRole('form', { name: 'Edit metric alert Error storm' });
    await editor.waitFor();
    expect(await editor.getByLabel('Critical at').inputValue()).toBe('5');
    expect(await editor.getByLabel('Warning at').inputValue()).toBe('3');
    // The preview follows the edited rule once the fields settle (the chart is a canvas, so the
    // request for the edited rule is what tells that it is drawn from it).
    const edited = page.waitForResponse(
      (response) =>
        response.url().endsWith('/metric-alerts/preview') &&
        /"environment":"production".*"critical":6/.test(response.request().postData() ?? ''),
      { timeout: 30_000 },
    );
    await editor.getByLabel('Critical at').fill('6');
    await editor.getByLabel('Metric environment').fill('production');
    expect((await edited).status()).toBe(200);
    await expect
      .poll(() => editor.getByLabel('Preview summary').textContent(), { timeout: 30_000 })
      .toBe('It would have fired 1 time and resolved 0 times in the last 14 days.');
    await editor.screenshot({ path: join(artifactsDir, 'alerts-metric-edit.png') });

    await editor.getByRole('button', { name: 'Save metric rule' }).click();
    await list.getByText('in production go above 6').waitFor({ timeout: 30_000 });
    expect(await list.textContent()).toContain(
      'When error events over 1 hour in production go above 6 (warning at 3).',
    );
    expect(await list.getByRole('row').count()).toBe(2);
    await page.getByRole('form', { name: 'New metric alert' }).waitFor();
  });
});
