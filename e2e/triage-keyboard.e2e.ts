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
const rows = () => page.getByTestId('issue-row');
const focusedRow = () => page.locator('[data-testid="issue-row"][data-focused="true"]');

beforeAll(async () => {
  demo = await startDemoDexter('keys');
  ({ dexter, dataDir, page } = demo);
}, 150_000);

afterAll(() => demo?.close());

describe('keyboard triage', () => {
  it('lists the stream with a sparkline per issue and shows the shortcuts on ?', async () => {
    await page.goto(dexter.url);
    await firstSignIn(page, dataDir);
    await page.waitForURL(/\/dexter\/issues/);
    await rows().first().waitFor();
    expect(await page.getByTestId('issue-sparkline').count()).toBeGreaterThan(0);
    await page.keyboard.type('?');
    await page.getByText('Keyboard shortcuts').waitFor();
    await page.keyboard.press('Escape');
    await page.getByText('Keyboard shortcuts').waitFor({ state: 'hidden' });
    await page.screenshot({ path: join(artifactsDir, 'triage-stream.png'), fullPage: true });
  });

  it('offers the current search as a CSV download', async () => {
    const href = await page.getByTestId('export-csv').getAttribute('href');
    expect(href).toContain('/issues/export?format=csv');
    const csv = await page.request.get(`${dexter.url}${href}`);
    expect(csv.status()).toBe(200);
    expect((await csv.text()).split('\n')[0]).toMatch(/^id,shortId,title/);
  });

  it('searches with /, opens the first match with j and Enter, and resolves it with r', async () => {
    await page.keyboard.type('/');
    await expect
      .poll(() => page.getByTestId('search-input').evaluate((el) => el === document.activeElement))
      .toBe(true);
    await page.keyboard.type('DatabaseTimeoutError');
    await page.keyboard.press('Enter');
    await page.waitForURL(/query=DatabaseTimeoutError/);
    await page.keyboard.press('Escape');
    await expect
      .poll(async () => (await rows().allTextContents()).every((t) => t.includes('DatabaseTimeoutError')))
      .toBe(true);

    await page.keyboard.type('j');
    await focusedRow().waitFor();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/dexter\/issues\/\d+/);
    await page.getByTestId('stack-trace').waitFor();
    await expect.poll(() => page.getByTestId('resolve-button').textContent()).toBe('Resolve');
    await page.getByTestId('issue-tags').waitFor();
    await page.getByTestId('issue-events').waitFor();
    await page.screenshot({ path: join(artifactsDir, 'triage-detail.png'), fullPage: true });

    await page.keyboard.type('r');
    await expect.poll(() => page.getByTestId('issue-status').first().textContent()).toMatch(/resolved/i);
    await expect.poll(() => page.getByTestId('resolve-button').textContent()).toBe('Unresolve');
  });

  it('selects two issues with x and resolves both with r; the selection stays', async () => {
    await page.goto(`${dexter.url}/dexter/issues`);
    await rows().first().waitFor();
    const before = await rows().count();
    expect(before).toBeGreaterThanOrEqual(3);

    await page.keyboard.type('j');
    await focusedRow().waitFor();
    await page.keyboard.type('x');
    await page.keyboard.type('j');
    await page.keyboard.type('x');
    await expect.poll(() => page.getByTestId('selection-count').textContent()).toBe('2 selected');
    const selectedIds = await page
      .locator('[data-testid="issue-row"][data-selected="true"]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-issue-id')));
    expect(selectedIds).toHaveLength(2);

    await page.keyboard.type('r');
    // Resolved issues leave the unresolved stream once it refetches; the selection is kept.
    await expect.poll(() => rows().count(), { timeout: 15_000 }).toBe(before - 2);
    expect(await page.getByTestId('selection-count').textContent()).toBe('2 selected');
    await page.keyboard.press('Escape');
    await page.getByTestId('bulk-bar').waitFor({ state: 'hidden' });
  });

  it('assigns the focused issue with a, picking the first member with Enter', async () => {
    await page.keyboard.type('a');
    const search = page.getByTestId('assign-search');
    await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);
    await expect
      .poll(() => page.getByTestId('assign-options').getByRole('option').count())
      .toBeGreaterThan(1);
    // The first member is preselected: Enter assigns it.
    await page.keyboard.press('Enter');
    await search.waitFor({ state: 'hidden' });
    await expect
      .poll(() => focusedRow().getByTestId('row-assignee').textContent(), { timeout: 10_000 })
      .toContain('Admin');
  });

  it('acts on every matching issue with * and Enter, and follows the job to completion', async () => {
    const remaining = await rows().count();
    await page.keyboard.type('*');
    const confirm = page.getByTestId('bulk-confirm');
    await confirm.waitFor();
    await expect.poll(() => confirm.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await confirm.textContent()).toBe(`Resolve ${remaining} issues`);
    await page.keyboard.press('Enter');

    const progress = page.getByTestId('bulk-progress');
    await progress.waitFor();
    await expect.poll(() => progress.getAttribute('data-state'), { timeout: 30_000 }).toBe('completed');
    expect(await page.getByTestId('bulk-counts').textContent()).toContain(
      `${remaining} done · 0 failed · 0 pending`,
    );
    await expect.poll(() => rows().count(), { timeout: 15_000 }).toBe(0);
    await page.screenshot({ path: join(artifactsDir, 'triage-bulk-progress.png'), fullPage: true });
  });
});
