/**
 * The trace view in the browser, from an error: two HTTP services, each with the real
 * `@sentry/node` SDK and tracing on (tracesSampleRate 1), call each other; the payments service
 * captures a CardDeclinedError inside its "charge card" span. The issue page of that error links
 * to its trace ("View trace"); the trace view shows one waterfall with spans of both services,
 * the callee's spans nested under the caller's HTTP call, and the error pinned on the span it was
 * thrown in, whose details open beside the waterfall. Screenshot in test-artifacts/.
 */
import { join } from 'node:path';
import { storeDatabaseIn } from '@dexter/store/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startTestDexter, type TestDexter } from '../apps/server/src/testing/test-dexter';
import { startTracedService, type TracedService } from '../apps/server/src/testing/traced-services';
import { artifactsDir, launchBrowser } from './support/browser';
import { fillSignIn } from './support/sign-in';

let dexter: TestDexter;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let front: TracedService;
let payments: TracedService;
let checkout: { traceId: string; charge: { status: number; eventId: string } };
let issueId: string;

beforeAll(async () => {
  dexter = await startTestDexter();
  const org = dexter.bootstrap!.org;
  const frontProject = await dexter.store!.admin.ensureProject(org, 'frontend', dexter.url);
  const paymentsProject = await dexter.store!.admin.ensureProject(org, 'payments', dexter.url);
  payments = await startTracedService('payments', paymentsProject.dsn);
  front = await startTracedService('frontend', frontProject.dsn, payments.url);
  checkout = (await (await fetch(`${front.url}/checkout`)).json()) as typeof checkout;
  await payments.flush();
  await front.flush();
  const row = await storeDatabaseIn(dexter.dataDir)
    .selectFrom('events')
    .select('issue_id')
    .where('event_id', '=', checkout.charge.eventId)
    .executeTakeFirstOrThrow();
  issueId = String(row.issue_id);
  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([front?.stop(), payments?.stop()]);
  await dexter?.close();
});

describe('trace view', () => {
  it('opens from the error event and shows both services with the error pinned on its span', async () => {
    const org = dexter.bootstrap!.org;
    await page.goto(`${dexter.url}/${org}/issues/${issueId}`);
    await page.waitForURL(/\/sign-in/);
    await fillSignIn(page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(new RegExp(`/${org}/issues/${issueId}$`));

    await page.getByRole('link', { name: 'View trace' }).click();
    await page.waitForURL(new RegExp(`/${org}/traces/${checkout.traceId}\\?`));
    const waterfall = page.getByRole('tree', { name: 'Trace waterfall' });
    await waterfall.waitFor();

    // Both services, the caller's HTTP call with the callee's server span one level below it.
    const services = page.getByLabel('Services');
    await expect.poll(() => services.textContent()).toMatch(/frontend.*payments|payments.*frontend/);
    const client = waterfall.locator('[role="treeitem"]', { hasText: 'http.client' });
    const callee = waterfall.locator('[role="treeitem"]', { hasText: 'http.server' }).nth(1);
    const clientLevel = Number(await client.getAttribute('aria-level'));
    expect(Number(await callee.getAttribute('aria-level'))).toBe(clientLevel + 1);

    // Opened on the error's span: selected, its details beside the waterfall, the error in them.
    const charge = waterfall.getByRole('treeitem', { name: 'function charge card' });
    await expect.poll(() => charge.getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => charge.textContent()).toMatch(/◆ 1/);
    const details = page.getByRole('complementary', { name: 'Span details' });
    await details.waitFor();
    const errors = details.getByRole('list', { name: 'Errors in this span' });
    await expect.poll(() => errors.textContent()).toMatch(/CardDeclinedError/);
    expect(await details.textContent()).toMatch(/payments/);

    await page.screenshot({ path: join(artifactsDir, 'trace-view.png'), fullPage: true });

    // The error links back to its issue.
    await errors.getByRole('link').click();
    await page.waitForURL(new RegExp(`/${org}/issues/${issueId}$`));
  });
});
