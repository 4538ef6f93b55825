/**
 * The geographic impact map in the browser: errors sent as an SDK sends them, from users at known
 * public IPs (countries read once from the shipped DB-IP database and hard-coded) and one with the
 * SDK's own `user.geo`; the Insights page draws them on the world map, a hover over Brazil shows
 * its events and users, a click opens the stream narrowed to `geo.country_code:BR`, which lists only the
 * issues seen in Brazil; the issue page shows the issue's top countries. Screenshots in
 * test-artifacts/.
 */
import { join } from 'node:path';
import { envelopeOf, postEnvelope, storeDatabaseIn, testEvent } from '@dexter/store/testing';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startTestDexter, type TestDexter } from '../apps/server/src/testing/test-dexter';
import { artifactsDir, launchBrowser } from './support/browser';
import { fillSignIn } from './support/sign-in';

let dexter: TestDexter;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let org: string;
const issues: Record<string, string> = {};

const BRAZIL = ['200.147.67.142', '177.71.128.1', '201.7.176.1'];
const GERMANY = ['194.25.2.129', '85.214.132.117'];

async function sendError(type: string, user: Record<string, unknown>): Promise<string> {
  const project = dexter.bootstrap!.projects[0]!;
  const event = { ...testEvent({ fingerprint: [type], type, value: `${type} happened` }), user };
  const res = await postEnvelope(dexter.url, project.id, new URL(project.dsn).username, envelopeOf(event));
  expect(res.status).toBe(200);
  const row = await storeDatabaseIn(dexter.dataDir)
    .selectFrom('events')
    .select('issue_id')
    .where('event_id', '=', event.event_id)
    .executeTakeFirstOrThrow();
  return String(row.issue_id);
}

beforeAll(async () => {
  dexter = await startTestDexter();
  org = dexter.bootstrap!.org;
  // Brazil: 4 + 1 events in 2 issues; Germany 2 + US 1; Japan 1 and Britain 1; Australia 2 from
  // the SDK's own geo; 1 from a private address (no country).
  for (const [i, ip] of [...BRAZIL, BRAZIL[0]!].entries()) {
    issues.payment = await sendError('PaymentDeclinedError', { id: `br-${i}`, ip_address: ip });
  }
  for (const [i, ip] of [...GERMANY, '8.8.8.8', '10.0.0.3'].entries()) {
    issues.cart = await sendError('CartTimeoutError', { id: `de-${i}`, ip_address: ip });
  }
  for (const [i, ip] of ['177.71.128.1', '133.11.0.1', '81.2.69.160'].entries()) {
    issues.search = await sendError('SearchIndexError', { id: `mix-${i}`, ip_address: ip });
  }
  for (const i of [0, 1]) {
    issues.profile = await sendError('ProfileRenderError', {
      id: `au-${i}`,
      geo: { country_code: 'AU', region: 'Australia', city: 'Sydney' },
    });
  }
  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await dexter?.close();
});

/**
 * Where a longitude/latitude falls on the map. ECharts fits the shapes' bounding box (aspect
 * 0.75, its default for maps) into the chart's box and centres it; this estimate is then refined
 * by hovering around it until the tooltip names the country.
 */
function estimate(box: { x: number; y: number; width: number; height: number }, lon: number, lat: number) {
  const [west, east, south, north] = [-181.3, 190.1, -55.6, 83.6];
  const [top, bottom] = [4, 4];
  const scale = Math.min(box.width / ((east - west) * 0.75), (box.height - top - bottom) / (north - south));
  const [w, h] = [(east - west) * 0.75 * scale, (north - south) * scale];
  const [left, upper] = [box.x + (box.width - w) / 2, box.y + top + (box.height - top - bottom - h) / 2];
  return { x: left + (lon - west) * 0.75 * scale, y: upper + (north - lat) * scale };
}

async function hoverCountry(
  map: Locator,
  name: string,
  lon: number,
  lat: number,
): Promise<{ tooltip: Locator; x: number; y: number }> {
  const box = (await map.boundingBox())!;
  const center = estimate(box, lon, lat);
  const tooltip = map
    .locator('div')
    .filter({ hasText: /Click to see its issues|No events/ })
    .last();
  for (const [dx, dy] of [
    [0, 0],
    ...[8, 16, 24].flatMap((r) => [
      [r, 0],
      [-r, 0],
      [0, r],
      [0, -r],
      [r, r],
      [-r, -r],
    ]),
  ]) {
    const [x, y] = [center.x + dx!, center.y + dy!];
    await page.mouse.move(x, y);
    await page.waitForTimeout(80);
    if ((await tooltip.isVisible().catch(() => false)) && (await tooltip.textContent())?.includes(name)) {
      return { tooltip, x, y };
    }
  }
  throw new Error(`no tooltip naming ${name} around ${JSON.stringify(center)}`);
}

describe('geographic impact map', () => {
  it('draws the countries, tells Brazil’s counts on hover and opens its issues on click', async () => {
    await page.setViewportSize({ width: 1440, height: 1000 });
    await page.goto(`${dexter.url}/${org}/insights`);
    await page.waitForURL(/\/sign-in/);
    await fillSignIn(page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(new RegExp(`/${org}/insights$`));
    const section = page.getByRole('region', { name: 'Geographic impact' });
    const map = section.getByRole('img', { name: /World map of events per country/ });
    await map.waitFor();
    expect(await map.getAttribute('aria-label')).toBe(
      'World map of events per country: Brazil 5, Australia 2, Germany 2, United Kingdom 1, Japan 1',
    );
    await map.locator('canvas').first().waitFor();
    const table = section.getByRole('table', { name: 'Events per country' });
    const rows = await table.locator('tbody tr').allTextContents();
    expect(rows[0]).toBe('Brazil542%5');
    expect(rows).toHaveLength(6);
    expect(await section.textContent()).toContain('IP Geolocation by DB-IP');
    expect(await section.textContent()).toContain('1 of their events had no known location');
    await page.screenshot({ path: join(artifactsDir, 'insights-geo-map.png'), fullPage: true });

    const brazil = await hoverCountry(map, 'Brazil', -52, -11);
    expect(await brazil.tooltip.textContent()).toBe('Brazil5 events · 5 usersClick to see its issues');
    await page.screenshot({ path: join(artifactsDir, 'insights-geo-map-hover.png'), fullPage: true });

    await page.mouse.click(brazil.x, brazil.y);
    await page.waitForURL(new RegExp(`/${org}/issues\\?query=geo.country_code%3ABR$`));
    const stream = page.getByTestId('issue-row');
    await stream.first().waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="issue-row"]').length === 2);
    const titles = await stream.allTextContents();
    expect(titles.some((t) => t.includes('PaymentDeclinedError'))).toBe(true);
    expect(titles.some((t) => t.includes('SearchIndexError'))).toBe(true);
    await page.screenshot({ path: join(artifactsDir, 'insights-geo-stream-brazil.png'), fullPage: true });
  });

  it('draws the map in the dark colour scheme too', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${dexter.url}/${org}/insights?statsPeriod=7d`);
    const map = page.getByRole('img', { name: /World map of events per country: Brazil 5/ });
    await map.locator('canvas').first().waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(artifactsDir, 'insights-geo-map-dark.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('shows an issue’s top countries on its page', async () => {
    await page.goto(`${dexter.url}/${org}/issues/${issues.cart}`);
    const panel = page.getByRole('region', { name: 'Top countries' });
    // On a failure, say what the panel showed instead (an error, "Locating events…").
    const shown = async () =>
      `the panel showed: ${await panel.textContent({ timeout: 1000 }).catch(() => '(nothing)')}`;
    for (const name of ['Germany', 'United States']) {
      await panel
        .getByRole('article', { name })
        .waitFor()
        .catch(async (error: Error) => {
          throw new Error(`${error.message}\n${await shown()}`);
        });
    }
    expect(await panel.getByRole('article').allTextContents()).toEqual([
      'Germany2 events · 2 users · 67%',
      'United States1 event · 1 user · 33%',
    ]);
    expect(await panel.textContent()).toContain('1 event had no known location');
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifactsDir, 'issue-top-countries.png'), fullPage: true });
  });
});
