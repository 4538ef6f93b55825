/**
 * Business-metric correlation in the browser: a shop's errors sent as an SDK sends them (a
 * checkout-timeout issue with incident bursts, an unrelated issue) and a deploy; the admin opens
 * the correlation page, uploads "checkouts per minute" as a CSV file through the form (a file with
 * a bad row first, whose line and column the page names), and sees both series on one chart with
 * the deploy marked, the figures, the "correlation is not cause" note and the issues ranked by how
 * much they move with the metric; charting the checkout issue states the two-hour lag as
 * significant, the unrelated one as not. Screenshots in test-artifacts/.
 */
import { join } from 'node:path';
import { envelopeOf, postEnvelope, storeDatabaseIn, testEvent } from '@dexter/store/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkoutScenario } from '../apps/server/src/features/metric-correlation/scenario/checkout-scenario';
import { mapLimited } from '../apps/server/src/release-data/deploys-in-range';
import {
  openMetrics,
  type PrometheusServer,
  startPrometheusServer,
} from '../apps/server/src/testing/prometheus-server';
import { ADMIN_PASSWORD, startTestDexter, type TestDexter } from '../apps/server/src/testing/test-dexter';
import { artifactsDir, launchBrowser } from './support/browser';
import { fillSignIn } from './support/sign-in';

const HOUR = 3_600_000;
const endHour = Math.floor(Date.now() / HOUR) * HOUR;
const scenario = checkoutScenario(endHour);

let dexter: TestDexter;
let prometheus: PrometheusServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let org: string;
const issueIds: Record<string, string> = {};

async function sendHourly(counts: number[], type: string): Promise<string> {
  const project = dexter.bootstrap!.projects[0]!;
  const key = new URL(project.dsn).username;
  const events = counts.flatMap((count, h) =>
    Array.from({ length: count }, (_, i) =>
      testEvent({
        at: scenario.hours[h]! + 60_000 + i * 30_000,
        fingerprint: [type],
        type,
        value: `${type} happened`,
      }),
    ),
  );
  await mapLimited(events, 8, async (event) => {
    const res = await postEnvelope(dexter.url, project.id, key, envelopeOf(event));
    expect(res.status).toBe(200);
  });
  const row = await storeDatabaseIn(dexter.dataDir)
    .selectFrom('events')
    .select('issue_id')
    .where('event_id', '=', events[0]!.event_id)
    .executeTakeFirstOrThrow();
  return String(row.issue_id);
}

const csvOf = (rows: Array<{ at: number; value: number }>) =>
  `timestamp,checkouts_per_minute\n${rows.map((row) => `${new Date(row.at).toISOString()},${row.value}`).join('\n')}\n`;

beforeAll(async () => {
  prometheus = await startPrometheusServer({
    backfill: openMetrics([{ name: 'shop_checkouts_per_minute', samples: scenario.metric }]),
  });
  dexter = await startTestDexter({
    DEXTER_DEPLOY_CHECK_MS: '0',
    DEXTER_ALLOW_PRIVATE_URLS: `127.0.0.1:${prometheus.port}`,
    ...(process.env.DEXTER_WEB_DIST ? { DEXTER_WEB_DIST: process.env.DEXTER_WEB_DIST } : {}),
  });
  org = dexter.bootstrap!.org;
  issueIds.incident = await sendHourly(scenario.incident, 'CheckoutTimeoutError');
  issueIds.unrelated = await sendHourly(scenario.unrelated, 'AvatarResizeError');
  const project = dexter.bootstrap!.projects[0]!.id;
  expect((await dexter.storePost('releases/', { version: 'shop@1.5.0', projects: [project] })).status).toBe(
    201,
  );
  const deployed = await dexter.storePost('releases/shop%401.5.0/deploys/', {
    environment: 'production',
    dateFinished: new Date(endHour - 30 * HOUR).toISOString(),
  });
  expect(deployed.status).toBe(201);
  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  await page.setViewportSize({ width: 1440, height: 1200 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await dexter?.close();
  await prometheus?.stop();
});

async function uploadCsv(name: string, csv: string) {
  const form = page.getByRole('region', { name: 'Add a metric' });
  await form.getByLabel('Name').fill(name);
  await form
    .locator('input[type="file"]')
    .setInputFiles({ name: 'checkouts.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await form.getByRole('button', { name: 'Add metric' }).click();
}

describe('business-metric correlation page', () => {
  it('uploads a metric as CSV, naming a bad row first', async () => {
    await page.goto(`${dexter.url}/${org}/insights`);
    await page.waitForURL(/\/sign-in/);
    await fillSignIn(page, 'admin', ADMIN_PASSWORD);
    await page.getByRole('link', { name: /Business-metric correlation/ }).click();
    await page.waitForURL(new RegExp(`/${org}/insights/correlation$`));
    await page.getByText('No business metric yet').waitFor();

    const bad = csvOf(scenario.metric.slice(0, 3)).replace(/,(\d+(\.\d+)?)\n$/, ',n/a\n');
    await uploadCsv('Checkouts per minute', bad);
    const alert = page.getByRole('alert').filter({ hasText: 'The metric was not added' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain(
      'Invalid csv: line 4, column 2: value "n/a" is not a finite number',
    );
    await page.screenshot({ path: join(artifactsDir, 'correlation-csv-error.png'), fullPage: true });

    await uploadCsv('Checkouts per minute', csvOf(scenario.metric));
    await page.waitForURL(/[?&]source=\d+/);
    // The last three days, lags up to six hours either way.
    await page.getByRole('radiogroup', { name: 'Period' }).getByText('3d', { exact: true }).click();
    await page.getByLabel('Max lag (hours)').fill('6');
    await page.waitForURL(/statsPeriod=3d.*maxLag=6|maxLag=6.*statsPeriod=3d/);
  });

  it('overlays the error rate and the metric with the deploy marked, and ranks the issues', async () => {
    const section = page.getByRole('region', { name: 'Correlation' });
    await section
      .getByRole('img', { name: 'Error rate and Checkouts per minute over time' })
      .locator('canvas')
      .first()
      .waitFor();
    await section.getByTestId('correlation-figures').waitFor();
    expect(await section.getByRole('heading', { level: 3 }).textContent()).toBe(
      'All errors and Checkouts per minute',
    );
    expect(await section.getByTestId('not-cause').textContent()).toContain('Correlation is not cause');

    const ranked = page.getByRole('table', { name: 'Issues by correlation with Checkouts per minute' });
    await ranked.locator('tbody tr').nth(1).waitFor();
    const rows = await ranked.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('CheckoutTimeoutError');
    expect(rows[0]).toContain('+2 h');
    expect(rows[0]).toMatch(/significant/);
    expect(rows[0]).not.toMatch(/not significant/);
    expect(rows[1]).toContain('AvatarResizeError');
    expect(rows[1]).toContain('not significant');
  });

  it('charts the checkout issue: a significant two-hour lag, stated in words', async () => {
    const ranked = page.getByRole('table', { name: 'Issues by correlation with Checkouts per minute' });
    await ranked
      .locator('tbody tr')
      .first()
      .getByRole('button', { name: /^Chart / })
      .click();
    await page.waitForURL(new RegExp(`[?&]issue=${issueIds.incident}`));
    const section = page.getByRole('region', { name: 'Correlation' });
    await section.getByRole('heading', { level: 3, name: /CheckoutTimeoutError/ }).waitFor();
    const figures = section.getByTestId('correlation-figures');
    await figures.getByText('Checkouts per minute moves 2 hours after the errors').waitFor();
    const text = await figures.textContent();
    expect(text).toMatch(/r = -0\.9\d \(strong negative\)/);
    expect(text).toContain('significant');
    expect(text).not.toContain('not significant');
    expect(text).toMatch(/falls 2 hours after the issue’s error rate rises/);
    expect(text).toContain('correlation is not cause');
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(artifactsDir, 'correlation-chart.png'), fullPage: true });

    // Without the daily cycle (the metric has one): the same two-hour lag, still significant.
    // A click, not check(): the switch follows the URL, which the router updates a moment later.
    await page.getByLabel('Remove the daily cycle').click();
    await page.waitForURL(/dailyCycle=remove/);
    // The switch renders from the URL a moment after the router changed it: read it once the
    // figures (which render from the same URL) say the cycle is removed.
    await figures.getByText(/with the daily cycle removed/).waitFor();
    expect(await page.getByLabel('Remove the daily cycle').isChecked()).toBe(true);
    expect(await figures.textContent()).toContain('Checkouts per minute moves 2 hours after the errors');
    expect(await figures.textContent()).not.toContain('not significant');
    await page.getByLabel('Remove the daily cycle').click();
    await page.waitForURL((url) => !url.searchParams.has('dailyCycle'));
  });

  it('charts the unrelated issue as not significant', async () => {
    await page.goto(
      `${dexter.url}/${org}/insights/correlation?statsPeriod=3d&maxLag=6&source=${new URL(page.url()).searchParams.get('source')}&issue=${issueIds.unrelated}`,
    );
    const figures = page.getByRole('region', { name: 'Correlation' }).getByTestId('correlation-figures');
    await figures.waitFor();
    expect(await figures.textContent()).toContain('not significant');
    expect(await figures.textContent()).toContain('No significant relation');
    await page.screenshot({ path: join(artifactsDir, 'correlation-unrelated.png'), fullPage: true });

    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(artifactsDir, 'correlation-dark.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });
  });
});

describe('business-metric correlation filter', () => {
  it('narrows the error rate to an event filter typed in the box', async () => {
    const source = new URL(page.url()).searchParams.get('source');
    await page.goto(`${dexter.url}/${org}/insights/correlation?statsPeriod=3d&maxLag=6&source=${source}`);
    await page.getByLabel('Event filter').fill('environment:production');
    await page.waitForURL(/query=environment%3Aproduction/);
    const section = page.getByRole('region', { name: 'Correlation' });
    await section
      .getByRole('heading', {
        level: 3,
        name: 'Errors matching environment:production and Checkouts per minute',
      })
      .waitFor();
    await section.getByTestId('correlation-figures').waitFor();

    // No event is in staging: the error rate is flat, and the page says so instead of a figure.
    await page.getByLabel('Event filter').fill('environment:staging');
    await page.waitForURL(/query=environment%3Astaging/);
    await section.getByText('No correlation to show').waitFor();
    expect(await section.textContent()).toContain('the error rate does not vary over the period');
    const ranked = page.getByRole('region', { name: 'Most correlated issues' });
    await ranked.getByText('No issues').waitFor();
  });
});

describe('a Prometheus metric added through the page', () => {
  it('is polled from a real Prometheus, charted with the lag, polled again and deleted', async () => {
    const csvSource = new URL(page.url()).searchParams.get('source');
    await page.goto(
      `${dexter.url}/${org}/insights/correlation?statsPeriod=3d&maxLag=6&issue=${issueIds.incident}`,
    );
    await page.getByRole('button', { name: 'Add metric' }).click();
    const form = page.getByRole('region', { name: 'Add a metric' });
    await form.getByText('Prometheus query').click();
    await form.getByLabel('Name').fill('Checkouts (Prometheus)');
    await form.getByLabel('Base URL').fill(prometheus.url);
    await form.getByLabel('PromQL').fill('sum(shop_checkouts_per_minute)');
    await form.getByRole('button', { name: 'Add metric' }).click();
    await page.waitForURL((url) => {
      const chosen = url.searchParams.get('source');
      return chosen !== null && chosen !== csvSource;
    });

    const section = page.getByRole('region', { name: 'Correlation' });
    const bar = section.getByTestId('metric-source-bar');
    await bar.getByText('Prometheus', { exact: true }).waitFor();
    expect(await bar.textContent()).toContain(
      `sum(shop_checkouts_per_minute) at ${prometheus.url}, every 5 min`,
    );
    const figures = section.getByTestId('correlation-figures');
    await figures.getByText('Checkouts (Prometheus) moves 2 hours after the errors').waitFor();
    expect(await figures.textContent()).not.toContain('not significant');
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(artifactsDir, 'correlation-prometheus.png'), fullPage: true });

    const polled = page.waitForResponse(
      (response) => response.url().endsWith('/poll') && response.request().method() === 'POST',
    );
    await bar.getByRole('button', { name: 'Poll now' }).click();
    const answer = await polled;
    expect(answer.status()).toBe(200);
    expect(((await answer.json()) as { lastError: string | null }).lastError).toBeNull();
    await bar.getByText(/polled just now/).waitFor();

    await bar.getByRole('button', { name: 'Delete' }).click();
    await bar.getByRole('button', { name: 'Delete Checkouts (Prometheus)?' }).click();
    // The page falls back to the remaining (CSV) metric.
    await section.getByRole('heading', { level: 3, name: /and Checkouts per minute$/ }).waitFor();
    const list = await (await dexter.request(`/api/v1/organizations/${org}/metric-sources`)).json();
    expect((list as { items: Array<{ name: string }> }).items.map((item) => item.name)).toEqual([
      'Checkouts per minute',
    ]);
  });
});
