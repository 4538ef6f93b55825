/**
 * The first screen a new user sees: Dexter started with demo data (sent by the real SDK), the
 * stream lists the demo issues, an issue opens with its stack trace, resolving it sticks across
 * a reload. The admin signs in first, as on any fresh installation (one-time password, then a
 * password of their own). Screenshots of the stream and the detail page go to test-artifacts/.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SpawnedDexter, spawnDexter } from '../apps/server/src/testing/spawn-dexter';
import { artifactsDir, launchBrowser } from './support/browser';
import { firstSignIn } from './support/sign-in';

let dexter: SpawnedDexter;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let context: BrowserContext;
let page: Page;
const dataDir = mkdtempSync(join(tmpdir(), 'dexter-e2e-'));

/** Polls the store's own API with the bootstrap token: Dexter's /api/v1 needs a signed-in user. */
async function waitForDemoIssues(url: string, minimum: number): Promise<void> {
  const { token } = JSON.parse(readFileSync(join(dataDir, 'bootstrap.json'), 'utf8')) as { token: string };
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const res = await fetch(`${url}/api/0/organizations/dexter/issues/?query=`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (res.ok && ((await res.json()) as unknown[]).length >= minimum) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('demo data did not arrive');
}

beforeAll(async () => {
  dexter = await spawnDexter({ DEXTER_DATA_DIR: dataDir, DEXTER_DEMO: 'true' });
  await waitForDemoIssues(dexter.url, 8);
  browser = await launchBrowser();
  context = browser.context;
  page = context.pages()[0] ?? (await context.newPage());
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await dexter?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('triage in the browser', () => {
  it('shows the demo issues in the stream', async () => {
    await page.goto(dexter.url);
    await firstSignIn(page, dataDir);
    await page.waitForURL(/\/dexter\/issues/);
    const row = page.getByTestId('issue-row').filter({ hasText: 'DatabaseTimeoutError' }).first();
    await row.waitFor();
    expect(await page.getByTestId('issue-row').count()).toBeGreaterThanOrEqual(8);
    await page.screenshot({ path: join(artifactsDir, 'issue-stream.png'), fullPage: true });
  });

  it('opens an issue with its stack trace, in-app frames marked', async () => {
    await page.getByTestId('issue-row').filter({ hasText: 'DatabaseTimeoutError' }).first().click();
    await page.waitForURL(/\/dexter\/issues\/\d+/);
    const trace = page.getByTestId('stack-trace');
    await trace.waitFor();
    await expect.poll(() => trace.getByTestId('frame').count()).toBeGreaterThan(0);
    const inApp = trace.locator('[data-testid="frame"][data-in-app="true"]');
    expect(await inApp.count()).toBeGreaterThan(0);
    expect(await trace.textContent()).toContain('queryOrders');
    await page.screenshot({ path: join(artifactsDir, 'issue-detail.png'), fullPage: true });
  });

  it('resolves the issue, and it stays resolved after a reload', async () => {
    const button = page.getByTestId('resolve-button');
    await expect.poll(() => button.textContent()).toBe('Resolve');
    await button.click();
    await expect.poll(() => page.getByTestId('issue-status').textContent()).toMatch(/resolved/i);
    await expect.poll(() => button.textContent()).toBe('Unresolve');
    await page.reload();
    await page.getByTestId('stack-trace').waitFor();
    await expect.poll(() => page.getByTestId('issue-status').textContent()).toMatch(/^resolved$/i);
    expect(await page.getByTestId('resolve-button').textContent()).toBe('Unresolve');
  });
});
