import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir } from './support/browser';
import { type DemoDexter, startDemoDexter } from './support/demo-dexter';
import { firstSignIn } from './support/sign-in';

let demo: DemoDexter;
let dexter: DemoDexter['dexter'];
let dataDir: string;
let page: Page;

beforeAll(async () => {
  demo = await startDemoDexter('triage');
  ({ dexter, dataDir, page } = demo);
}, 150_000);

afterAll(() => demo?.close());

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

  it('shows the demo releases with their deploys', async () => {
    await page.getByTestId('nav-releases').click();
    await page.waitForURL(/\/dexter\/releases$/);
    await page.getByTestId('releases-table').waitFor();
    const versions = await page
      .getByTestId('release-row')
      .evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.version));
    expect(versions).toEqual(['shop@1.5.0', 'shop@1.4.0', 'shop@1.3.0']);
    const latest = page.locator('[data-testid="release-row"][data-version="shop@1.5.0"]');
    expect(await latest.getByTestId('release-last-deploy').textContent()).toMatch(/production.*3h ago/);
    await page.screenshot({ path: join(artifactsDir, 'demo-releases.png'), fullPage: true });
  });
});
