/**
 * Patterns and categories in the browser. Patterns: a standalone Dexter seeded as SDKs and
 * sentry-cli would (apps/server/src/features/insights/patterns/testing/patterns-seed.ts); the
 * Insights page shows the spike, the nightly job at 02:10 UTC and the two co-occurring outages
 * with the deploy 25 minutes before them, and the co-occurrence link opens the stream showing
 * exactly those two issues. Categories: the stream shows each issue's category tag, `category:`
 * narrows it, and the issue page shows the category with its confidence.
 * Screenshots in test-artifacts/.
 */
import { join } from 'node:path';
import { envelopeOf, postEnvelope, testEvent } from '@dexter/store/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEEDED, seedPatterns } from '../apps/server/src/features/insights/patterns/testing/patterns-seed';
import { ADMIN_PASSWORD, startTestDexter, type TestDexter } from '../apps/server/src/testing/test-dexter';
import { artifactsDir, launchBrowser } from './support/browser';
import { fillSignIn } from './support/sign-in';

let dexter: TestDexter;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let org: string;

async function sendError(type: string, value: string) {
  const project = dexter.bootstrap!.projects[0]!;
  const event = testEvent({ fingerprint: [type], type, value });
  const res = await postEnvelope(dexter.url, project.id, new URL(project.dsn).username, envelopeOf(event));
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  dexter = await startTestDexter();
  org = dexter.bootstrap!.org;
  await seedPatterns(dexter);
  await sendError('QueryFailedError', 'duplicate key value violates unique constraint "orders_pkey"');
  await sendError('Error', 'connect ECONNREFUSED 10.0.0.12:6379');
  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await dexter?.close();
});

describe('insights patterns', () => {
  it('shows the spike, the nightly job and the co-occurring outages, and opens them in the stream', async () => {
    await page.setViewportSize({ width: 1440, height: 1000 });
    await page.goto(`${dexter.url}/${org}/insights`);
    await page.waitForURL(/\/sign-in/);
    await fillSignIn(page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(new RegExp(`/${org}/insights$`));
    const section = page.getByRole('region', { name: 'Patterns' });
    const spikes = section.getByRole('article', { name: 'Spikes' });
    const periodic = section.getByRole('article', { name: 'Periodic' });
    const together = section.getByRole('article', { name: 'Co-occurring' });
    await spikes.getByText(SEEDED.spike).first().waitFor({ timeout: 30_000 });

    expect(await spikes.textContent()).toMatch(/12 events in an hour \(usually 0\)/);
    expect(await periodic.textContent()).toContain(SEEDED.nightly);
    expect(await periodic.textContent()).toContain('every day at 02:10 UTC, on 10 days');
    expect(await periodic.textContent()).toContain('every hour at :15, on 8 hours');
    const groupText = await together.textContent();
    expect(groupText).toContain(SEEDED.cart);
    expect(groupText).toContain(SEEDED.payment);
    expect(groupText).toContain(`deploy ${SEEDED.release} to production 25 min before the start`);
    expect(await spikes.textContent()).not.toContain(SEEDED.nightly);
    await page.screenshot({ path: join(artifactsDir, 'insights-patterns.png'), fullPage: true });

    await together.getByRole('link', { name: 'Show together in the stream' }).click();
    await page.waitForURL(/\/issues\?query=issue%3A%5B.+status=all$/);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="issue-row"]').length === 2);
    const titles = await page.getByTestId('issue-row').allTextContents();
    expect(titles.some((title) => title.includes(SEEDED.cart))).toBe(true);
    expect(titles.some((title) => title.includes(SEEDED.payment))).toBe(true);
    await page.screenshot({ path: join(artifactsDir, 'insights-patterns-stream.png'), fullPage: true });
  });
});

describe('error categories', () => {
  it('tags each issue of the stream with its category and narrows the stream with category:', async () => {
    await page.goto(`${dexter.url}/${org}/issues`);
    const rows = page.getByTestId('issue-row');
    await rows.first().waitFor();
    const database = rows.filter({ hasText: 'QueryFailedError' });
    expect(await database.locator('[data-category]').getAttribute('data-category')).toBe('database');
    const network = rows.filter({ hasText: 'ECONNREFUSED' });
    expect(await network.locator('[data-category]').textContent()).toBe('Network');
    await page.screenshot({ path: join(artifactsDir, 'stream-categories.png'), fullPage: true });
    // The filter shows exactly the rows the tag calls database (the seeded issues too, whatever
    // the classifier makes of them).
    const tagged = await rows.evaluateAll((all) =>
      all
        .filter((row) => row.querySelector('[data-category="database"]'))
        .map((row) => row.getAttribute('data-issue-id')),
    );
    expect(tagged.length).toBeGreaterThanOrEqual(1);

    await page.goto(`${dexter.url}/${org}/issues?query=${encodeURIComponent('category:database')}`);
    await page.waitForFunction(
      (count) => document.querySelectorAll('[data-testid="issue-row"]').length === count,
      tagged.length,
    );
    const filtered = await rows.evaluateAll((all) => all.map((row) => row.getAttribute('data-issue-id')));
    expect(filtered.sort()).toEqual([...tagged].sort());
    await page.screenshot({ path: join(artifactsDir, 'stream-category-filter.png'), fullPage: true });

    await rows.filter({ hasText: 'QueryFailedError' }).click();
    const badge = page.getByTestId('issue-category');
    await badge.waitFor();
    expect(await badge.textContent()).toMatch(/^Database · \d{1,3} %$/);
    await page.screenshot({ path: join(artifactsDir, 'issue-category.png') });
  });
});
