/**
 * Discover in the browser: events sent as envelopes to a standalone Dexter (a `shard` tag, users,
 * two environments), then the builder: fields typed one per line and a search; the raw query box
 * follows, and a raw edit fills the builder back; Run shows the chart of the first function and
 * the table (the counts of what was sent); a click on a header sorts by it; the page URL
 * reproduces the query. Screenshot in test-artifacts/.
 */
import { join } from 'node:path';
import { envelopeOf, postEnvelope, testEvent } from '@dexter/store/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startTestDexter, type TestDexter } from '../apps/server/src/testing/test-dexter';
import { artifactsDir, launchBrowser } from './support/browser';
import { fillSignIn } from './support/sign-in';

const HOUR = 3_600_000;
let dexter: TestDexter;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
/** Events sent per shard (production only: the search below keeps those). */
const SENT: Record<string, number> = { s0: 9, s1: 5, s2: 2 };

beforeAll(async () => {
  dexter = await startTestDexter();
  const project = dexter.bootstrap!.projects[0]!;
  let i = 0;
  for (const [shard, count] of Object.entries(SENT)) {
    for (let n = 0; n < count; n++, i++) {
      for (const environment of ['production', 'staging']) {
        const event = testEvent({
          at: Date.now() - (i % 20) * HOUR - 60_000,
          fingerprint: [`bug-${i % 3}`],
          environment,
          tags: { shard },
          userId: `u${n % 4}`,
        });
        const res = await postEnvelope(
          dexter.url,
          project.id,
          new URL(project.dsn).username,
          envelopeOf(event),
        );
        expect(res.status).toBe(200);
      }
    }
  }
  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await dexter?.close();
});

const cellTexts = (row: number) =>
  page
    .locator('table[aria-label="Results"] tbody tr[aria-rowindex]')
    .nth(row)
    .locator('td')
    .allTextContents();

describe('discover', () => {
  it('builds a query, keeps the raw box in sync, charts it, tables it and sorts it', async () => {
    const org = dexter.bootstrap!.org;
    await page.goto(`${dexter.url}/${org}/discover`);
    await page.waitForURL(/\/sign-in/);
    await fillSignIn(page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(new RegExp(`/${org}/discover`));

    const fields = page.getByLabel('Fields (one per line)');
    await fields.fill('shard\ncount()\ncount_unique(user)');
    await page.getByLabel('Search').fill('environment:production');
    const raw = page.getByLabel('Raw query');
    await expect
      .poll(() => raw.inputValue())
      .toBe(
        'field=shard&field=count()&field=count_unique(user)&query=environment%3Aproduction&statsPeriod=14d&sort=-count()',
      );
    // A raw edit fills the builder back.
    await raw.fill(
      'field=shard&field=count()&field=count_unique(user)&query=environment%3Aproduction&statsPeriod=7d&sort=-count()',
    );
    await expect.poll(() => page.getByLabel('Period').first().inputValue()).toBe('7d');

    await page.getByRole('button', { name: 'Run' }).click();
    await page.waitForURL(/field=shard/);
    expect(new URL(page.url()).searchParams.get('statsPeriod')).toBe('7d');
    await page.locator('table[aria-label="Results"] tbody tr[aria-rowindex]').first().waitFor();
    expect(await cellTexts(0)).toEqual(['s0', '9', '4']);
    expect(await cellTexts(1)).toEqual(['s1', '5', '4']);
    expect(await cellTexts(2)).toEqual(['s2', '2', '2']);
    await page.getByRole('region', { name: 'Chart of count()' }).locator('canvas').first().waitFor();

    // A header click sorts by that column, descending first, then ascending.
    await page
      .getByRole('columnheader', { name: /^shard/ })
      .getByRole('button')
      .click();
    await expect.poll(() => cellTexts(0)).toEqual(['s2', '2', '2']);
    expect(new URL(page.url()).searchParams.get('sort')).toBe('-shard');
    await page.screenshot({ path: join(artifactsDir, 'discover.png'), fullPage: true });

    // The URL reproduces the query on a fresh load.
    await page.goto(page.url());
    await page.locator('table[aria-label="Results"] tbody tr[aria-rowindex]').first().waitFor();
    expect(await cellTexts(0)).toEqual(['s2', '2', '2']);
    expect(await page.getByLabel('Raw query').inputValue()).toContain('sort=-shard');
  });
});
