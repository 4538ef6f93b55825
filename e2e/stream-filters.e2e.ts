/**
 * The stream's scope filters in the browser, over the demo's two weeks of history: picking an
 * environment and a date preset narrows the list (the orders issues happen only in releases that
 * left every environment three hours ago, so the last hour has none of them), the URL carries both (a reload shows the same
 * stream), the count says what it counts, the sparklines follow the range's interval, a custom
 * range before any event empties the list, and the header checkbox selects the loaded rows.
 * Screenshots go to test-artifacts/.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir } from './support/browser';
import { type DemoDexter, startDemoDexter } from './support/demo-dexter';
import { firstSignIn } from './support/sign-in';

let demo: DemoDexter;
let page: Page;

beforeAll(async () => {
  demo = await startDemoDexter('stream-filters');
  page = demo.page;
}, 180_000);

afterAll(() => demo?.close());

const rows = () => page.getByTestId('issue-row');
const countText = async () => (await page.getByTestId('issue-count').textContent()) ?? '';
/** The count once the list of the current filters arrived (it reads "Looking for …" until then). */
const settledCount = (pattern: RegExp) => expect.poll(countText, { timeout: 20_000 }).toMatch(pattern);
const countOf = (text: string) =>
  Number(/^(?:At least )?([\d,]+)/.exec(text)?.[1]?.replace(/,/g, '') ?? Number.NaN);
const rowIds = () =>
  rows().evaluateAll((all) => all.map((row) => (row as HTMLElement).dataset.issueId ?? ''));
const sparklineLabels = () =>
  page
    .getByTestId('issue-sparkline')
    .evaluateAll((all) => all.map((svg) => svg.getAttribute('aria-label') ?? ''));
const shot = (name: string) => page.screenshot({ path: join(artifactsDir, name), fullPage: true });

describe('stream filters', () => {
  let everything: { count: number; ids: string[] };

  it('shows every unresolved issue, counted in words, with hourly sparklines', async () => {
    await page.goto(demo.dexter.url);
    await firstSignIn(page, demo.dataDir);
    await page.waitForURL(/\/dexter\/issues/);
    await rows().first().waitFor();
    await settledCount(/^[\d,]+ unresolved issues$/);
    everything = { count: countOf(await countText()), ids: await rowIds() };
    expect(everything.count).toBeGreaterThanOrEqual(8);
    expect(await page.title()).toBe('Unresolved issues · dexter · Dexter');
    expect((await sparklineLabels())[0]).toMatch(/^\d+ events over 24 hours$/);
  });

  it('narrows to one environment and a preset, both in the URL', async () => {
    await page.getByTestId('environment-filter').click();
    await page.getByRole('option', { name: 'staging' }).click();
    await page.keyboard.press('Escape');
    await page.waitForURL(/environment=staging/);
    await settledCount(/^[\d,]+ unresolved issues? in staging$/);

    await page.getByTestId('date-range').click();
    await page.getByTestId('date-preset-1h').click();
    await page.waitForURL(/statsPeriod=1h/);
    await settledCount(/^[\d,]+ unresolved issues? in staging, seen in the last hour$/);
    await expect
      .poll(async () => (await sparklineLabels())[0] ?? '', { timeout: 20_000 })
      .toMatch(/over \d+ hours$/);

    const narrowed = { count: countOf(await countText()), ids: await rowIds() };
    expect(narrowed.count).toBeGreaterThan(0);
    expect(narrowed.count).toBeLessThan(everything.count);
    for (const id of narrowed.ids) expect(everything.ids).toContain(id);
    expect(await page.title()).toBe('Unresolved issues in staging, last hour · dexter · Dexter');
    await shot('stream-filters-staging-1h.png');

    // The URL is the stream: a reload shows the same one.
    await page.reload();
    await rows().first().waitFor();
    await settledCount(/^[\d,]+ unresolved issues? in staging, seen in the last hour$/);
    expect(await page.getByTestId('date-range').textContent()).toBe('Last hour');
    expect(await rowIds()).toEqual(narrowed.ids);
  });

  it('narrows to one release, its values read from the server', async () => {
    await page.goto(`${demo.dexter.url}/dexter/issues`);
    await settledCount(/^[\d,]+ unresolved issues$/);
    await page.getByTestId('release-filter').click();
    await page.getByRole('option', { name: 'shop@1.5.0' }).click();
    await page.waitForURL(/release=shop%401\.5\.0/);
    // The orders issues happen only in shop@1.3.0 and shop@1.4.0.
    await settledCount(/^[\d,]+ unresolved issues? of release shop@1\.5\.0$/);
    expect(countOf(await countText())).toBeLessThan(everything.count);
    await shot('stream-filters-release.png');
  });

  it('empties the list for a custom range before any event', async () => {
    await page.getByTestId('date-range').click();
    await page.getByTestId('date-from').fill('2020-01-01T00:00');
    await page.getByTestId('date-to').fill('2020-01-02T00:00');
    // The dropdown fades in: the picture is of it fully shown.
    await expect
      .poll(() => page.getByTestId('date-range-menu').evaluate((el) => getComputedStyle(el).opacity))
      .toBe('1');
    await shot('stream-filters-custom-range.png');
    await page.getByTestId('date-apply').click();
    await page.waitForURL(/start=2020-01-0.T\d\d%3A00%3A00Z&end=2020-01-0/);
    await page.getByText('No issues match').waitFor();
  });

  it('selects every loaded row from the header', async () => {
    await page.getByTestId('date-range').click();
    await page.getByTestId('date-preset-Any time').click();
    await page.waitForURL((url) => !url.search.includes('start='));
    await rows().first().waitFor();
    const loaded = await rows().count();
    await page.getByTestId('select-page').check();
    await expect
      .poll(() => page.locator('[data-testid="issue-row"][data-selected="true"]').count())
      .toBe(loaded);
    await shot('stream-filters-select-page.png');
    await page.getByTestId('select-page').uncheck();
    await expect.poll(() => page.locator('[data-testid="issue-row"][data-selected="true"]').count()).toBe(0);
  });
});
