/**
 * Discover in the browser: events sent as envelopes to a standalone Dexter (a `shard` tag, users,
 * two environments), then the builder: fields typed one per line and a search; the raw query box
 * follows, and a raw edit fills the builder back; Run shows the chart of the first function and
 * the table (the counts of what was sent); a click on a header sorts by it; the page URL
 * reproduces the query. Then a grouped query charts its top 3 groups plus Other, and the table
 * drills down: a value joins the search, the environment picker narrows it, a count opens its
 * events, an issue id its issue, whose "Open in Discover" comes back. Screenshots in test-artifacts/.
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

  it('charts the top groups plus Other and drills down from a cell to the events and the issue', async () => {
    const org = dexter.bootstrap!.org;
    const results = page.locator('table[aria-label="Results"] tbody tr[aria-rowindex]');
    await page.goto(
      `${dexter.url}/${org}/discover?field=shard&field=environment&field=count()&statsPeriod=7d&sort=-count()`,
    );
    await page.getByLabel('Chart series').first().click();
    await page.getByRole('option', { name: 'Top 3 + other' }).click();
    const stats = page.waitForResponse((res) => res.url().includes('/discover/events-stats?'));
    await page.getByRole('button', { name: 'Run' }).click();
    const answer = await stats;
    const asked = new URL(answer.url()).searchParams;
    expect([asked.getAll('field'), asked.get('topEvents'), asked.get('orderby')]).toEqual([
      ['shard', 'environment', 'count()'],
      '3',
      '-count()',
    ]);
    const groups = Object.entries((await answer.json()) as Record<string, { order: number }>)
      .sort(([, a], [, b]) => a.order - b.order)
      .map(([name]) => name);
    // s0 has 9 events in each environment, s1 5: the two s0 groups lead, the other three are Other.
    expect(groups).toHaveLength(4);
    expect(groups.slice(0, 2).sort()).toEqual(['s0,production', 's0,staging']);
    expect(groups[3]).toBe('Other');
    expect(new URL(page.url()).searchParams.get('topEvents')).toBe('3');
    await page.getByRole('region', { name: 'Chart of count()' }).locator('canvas').first().waitFor();
    await results.first().waitFor();
    await page.screenshot({ path: join(artifactsDir, 'discover-top-n.png'), fullPage: true });

    // A value joins the search.
    await page.getByRole('button', { name: 's1', exact: true }).first().click();
    await expect.poll(() => new URL(page.url()).searchParams.get('query')).toBe('shard:s1');
    await expect.poll(() => results.count()).toBe(2);
    // The environment picker narrows it to production.
    await page.getByLabel('Environment').first().click();
    await page.getByRole('option', { name: 'production' }).click();
    await page.getByRole('button', { name: 'Run' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('environment')).toBe('production');
    await expect.poll(() => cellTexts(0)).toEqual(['s1', 'production', '5']);
    await expect.poll(() => results.count()).toBe(1);

    // A count opens the events behind it, each with its issue.
    await page.getByRole('button', { name: '5', exact: true }).click();
    await expect
      .poll(() => new URL(page.url()).searchParams.getAll('field'))
      .toEqual(['id', 'timestamp', 'title', 'issue.id', 'shard', 'environment']);
    await expect.poll(() => results.count()).toBe(5);
    // The search keeps one shard condition; the picker already says the environment.
    expect(new URL(page.url()).searchParams.get('query')).toBe('shard:s1');
    await page.screenshot({ path: join(artifactsDir, 'discover-drill-down.png'), fullPage: true });
    const issueLink = results.first().getByRole('link');
    const issueId = await issueLink.textContent();
    await issueLink.click();
    await page.waitForURL(new RegExp(`/${org}/issues/${issueId}`));

    // And back: the issue's events in Discover, by its short id.
    const shortId = await page.getByTestId('issue-short-id').textContent();
    await page.getByRole('link', { name: 'Open in Discover' }).click();
    await page.waitForURL(/\/discover\?/);
    expect(new URL(page.url()).searchParams.get('query')).toBe(`issue:${shortId}`);
    await results.first().waitFor();
  });
});
