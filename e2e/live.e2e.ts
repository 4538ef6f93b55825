/**
 * Live updates in the browser, fed by the real `@sentry/node` SDK: with the stream open, a new
 * error's issue is announced by the "new issues" pill without moving the rows on screen and
 * appears on a click, with no page reload; the counts of an issue on screen tick as its events
 * arrive; the detail page's event count follows too; the header shows the connection as live.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SpawnedDexter, spawnDexter } from '../apps/server/src/testing/spawn-dexter';
import { artifactsDir, launchBrowser } from './support/browser';
import { runSdkError } from './support/sdk-error';
import { firstSignIn } from './support/sign-in';

let dexter: SpawnedDexter;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let dsn: string;
const dataDir = mkdtempSync(join(tmpdir(), 'dexter-live-e2e-'));

beforeAll(async () => {
  dexter = await spawnDexter({ DEXTER_DATA_DIR: dataDir, DEXTER_DEMO: 'false' });
  const bootstrap = JSON.parse(readFileSync(join(dataDir, 'bootstrap.json'), 'utf8')) as {
    projects: Array<{ dsn: string }>;
  };
  dsn = bootstrap.projects[0]!.dsn;
  // One issue on screen before the browser opens: the reader's context.
  await runSdkError(dsn, 'first', 'LiveFirstError: already on screen');
  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await dexter?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const row = (text: string) => page.getByTestId('issue-row').filter({ hasText: text });
/** The "Events" cell of a row, found by its column header (other columns come and go). */
async function eventsCell(text: string) {
  const column = await page
    .locator('thead th')
    .evaluateAll((cells) => cells.findIndex((cell) => cell.textContent?.trim() === 'Events'));
  expect(column).toBeGreaterThanOrEqual(0);
  return row(text).locator('td').nth(column);
}

describe('live updates in the browser', () => {
  it('shows a new error sent by the SDK without a reload, behind a "new issues" pill', async () => {
    await page.goto(dexter.url);
    await firstSignIn(page, dataDir);
    await page.waitForURL(/\/dexter\/issues/);
    await row('already on screen').waitFor();
    await expect.poll(() => page.getByTestId('live-status').getAttribute('data-state')).toBe('live');
    // A marker that only survives if the page is never reloaded.
    await page.evaluate(() => Object.assign(window, { liveMarker: 'same page' }));
    const firstTop = await row('already on screen').evaluate((el) => el.getBoundingClientRect().top);

    await runSdkError(dsn, 'second', 'LiveSecondError: arrived while watching');
    const pill = page.getByTestId('new-issues-pill');
    await expect.poll(() => pill.textContent(), { timeout: 15_000 }).toBe('1 new issue');
    // Announced, not inserted: the row being read has not moved.
    expect(await row('arrived while watching').count()).toBe(0);
    expect(await row('already on screen').evaluate((el) => el.getBoundingClientRect().top)).toBe(firstTop);
    await page.screenshot({ path: join(artifactsDir, 'live-new-issues-pill.png') });

    await pill.click();
    await row('arrived while watching').waitFor();
    expect(await pill.count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { liveMarker?: string }).liveMarker)).toBe(
      'same page',
    );
    await page.screenshot({ path: join(artifactsDir, 'live-stream.png'), fullPage: true });
  });

  it('ticks the event count of an issue on screen as its events arrive', async () => {
    const cell = await eventsCell('already on screen');
    expect(await cell.textContent()).toBe('1');
    await runSdkError(dsn, 'first', 'LiveFirstError: already on screen', 2);
    await expect.poll(() => cell.textContent(), { timeout: 15_000 }).toBe('3');
    expect(await page.evaluate(() => (window as unknown as { liveMarker?: string }).liveMarker)).toBe(
      'same page',
    );
  });

  it('updates the detail page as events of its issue arrive', async () => {
    await row('arrived while watching').click();
    await page.waitForURL(/\/dexter\/issues\/\d+/);
    // The header's "Events" fact: a label paragraph and its value (panels titled Events are headings).
    const events = page.locator('p', { hasText: /^Events$/ }).locator('xpath=following-sibling::p[1]');
    await expect.poll(() => events.textContent()).toBe('1');
    await runSdkError(dsn, 'second', 'LiveSecondError: arrived while watching');
    await expect.poll(() => events.textContent(), { timeout: 15_000 }).toBe('2');
    expect(await page.evaluate(() => (window as unknown as { liveMarker?: string }).liveMarker)).toBe(
      'same page',
    );
  });
});
