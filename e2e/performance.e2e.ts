/**
 * The performance pages in the browser, from what the real `@sentry/node` SDK sends: a front
 * service calls a payments service over HTTP (payments answers 502 with a captured error), and
 * payments' `GET /work` transactions take known lengths. The Performance page lists the
 * transactions of both services; a transaction opens its summary (figures, charts, slowest spans,
 * a trace link into the trace view); the service graph shows both services and the call between
 * them with its count, and a service opens its transactions. Screenshots in test-artifacts/.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startTestDexter, type TestDexter } from '../apps/server/src/testing/test-dexter';
import { startTracedService, type TracedService } from '../apps/server/src/testing/traced-services';
import { artifactsDir, launchBrowser } from './support/browser';
import { fillSignIn } from './support/sign-in';

const WORK_MS = [20, 40, 60, 80, 120, 160];
const CHECKOUTS = 3;

let dexter: TestDexter;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let front: TracedService;
let payments: TracedService;

beforeAll(async () => {
  dexter = await startTestDexter(
    process.env.DEXTER_WEB_DIST ? { DEXTER_WEB_DIST: process.env.DEXTER_WEB_DIST } : {},
  );
  const org = dexter.bootstrap!.org;
  const frontProject = await dexter.store!.admin.ensureProject(org, 'frontend', dexter.url);
  const paymentsProject = await dexter.store!.admin.ensureProject(org, 'payments', dexter.url);
  payments = await startTracedService('payments', paymentsProject.dsn);
  front = await startTracedService('frontend', frontProject.dsn, payments.url);
  for (let i = 0; i < CHECKOUTS; i++) await (await fetch(`${front.url}/checkout`)).json();
  for (const ms of WORK_MS) await (await fetch(`${payments.url}/work?ms=${ms}`)).json();
  await payments.flush();
  await front.flush();
  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([front?.stop(), payments?.stop()]);
  await dexter?.close();
});

describe('performance pages', () => {
  it('lists the transactions and opens one’s summary, down to a trace', async () => {
    const org = dexter.bootstrap!.org;
    await page.goto(`${dexter.url}/${org}/issues`);
    await page.waitForURL(/\/sign-in/);
    await fillSignIn(page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(new RegExp(`/${org}/issues`));
    await page.getByTestId('nav-performance').click();
    await page.waitForURL(new RegExp(`/${org}/performance`));

    const table = page.getByTestId('transactions-table');
    await table.waitFor();
    await expect.poll(() => table.textContent()).toMatch(/GET \/work/);
    const text = (await table.textContent()) ?? '';
    expect(text).toMatch(/GET \/checkout/);
    expect(text).toMatch(/GET \/charge/);
    // The failing route shows its failure rate.
    const charge = table.locator('tr', { hasText: 'GET /charge' });
    expect(await charge.textContent()).toMatch(/100\.0 %/);
    await page.screenshot({ path: join(artifactsDir, 'performance-overview.png'), fullPage: true });

    await table.getByRole('link', { name: 'GET /work' }).click();
    await page.waitForURL(/\/performance\/summary\?/);
    await expect.poll(() => page.getByTestId('figure-Count').textContent()).toBe(String(WORK_MS.length));
    const p50 = Number.parseFloat((await page.getByTestId('figure-p50').textContent()) ?? '');
    expect(p50).toBeGreaterThanOrEqual(70);
    expect(p50).toBeLessThan(70 + 100);
    await expect
      .poll(() => page.getByTestId('slowest-spans').textContent())
      .toMatch(/db\.query.*select \* from orders/);
    // Both charts drawn (ECharts renders into a canvas).
    await expect.poll(() => page.locator('canvas').count()).toBeGreaterThanOrEqual(2);
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(artifactsDir, 'performance-summary.png'), fullPage: true });

    const traces = page.getByTestId('slowest-traces');
    expect(await traces.getByRole('link').count()).toBe(WORK_MS.length);
    await traces.getByRole('link').first().click();
    await page.waitForURL(new RegExp(`/${org}/traces/[0-9a-f]{32}`));
    await page.getByRole('tree', { name: 'Trace waterfall' }).waitFor();
  });

  it('draws the service graph and opens a service’s transactions', async () => {
    const org = dexter.bootstrap!.org;
    await page.goto(`${dexter.url}/${org}/performance?statsPeriod=1h`);
    await page.getByTestId('service-graph-link').click();
    await page.waitForURL(/\/performance\/services\?/);
    const graph = page.getByTestId('service-graph');
    await graph.waitFor();
    await page.getByTestId('service-node-frontend').waitFor();
    await page.getByTestId('service-node-payments').waitFor();
    const edges = graph.getByTestId('service-edge');
    expect(await edges.count()).toBe(1);
    expect(await edges.first().textContent()).toMatch(
      new RegExp(`^${CHECKOUTS} calls · 100 % errors · p95 \\d`),
    );
    await page.screenshot({ path: join(artifactsDir, 'service-graph.png'), fullPage: true });

    // An environment nothing was sent in: no services.
    const environment = page.getByLabel('Environment');
    await environment.fill('production');
    await environment.press('Enter');
    await page.getByTestId('empty-state').waitFor();
    await environment.fill('test');
    await environment.press('Enter');
    await page.getByTestId('service-node-payments').click();
    await page.waitForURL(/\/performance\?.*project=payments/);
    const table = page.getByTestId('transactions-table');
    await expect.poll(() => table.textContent()).toMatch(/GET \/work/);
    expect(await table.textContent()).not.toMatch(/GET \/checkout/);
  });
});
