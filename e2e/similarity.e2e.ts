/**
 * Smart grouping in the browser, over real `@sentry/node` traffic: one bug (a price that does not
 * parse) reported through three call paths in two projects, plus unrelated errors. The issue page
 * lists the other two paths with their confidence and the stacks side by side (aligned frames
 * highlighted); the clusters view shows the three as one cluster, names its weakest link and
 * states each link's confidence exactly as the issue page does, and merges the two of one project; a "not the same" verdict takes the last pair apart everywhere. Screenshots of each step
 * go to test-artifacts/.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSimilarErrorsApp } from '../apps/server/src/features/similarity/testing/run-similar-errors';
import { ADMIN_PASSWORD, startTestDexter, type TestDexter } from '../apps/server/src/testing/test-dexter';
import { artifactsDir, launchBrowser } from './support/browser';
import { fillSignIn } from './support/sign-in';

let dexter: TestDexter;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let org: string;
/** The confidence badge of each match on the checkout issue's page, by the match's id. */
const onIssuePage = new Map<string, string>();
/** The price bug's issues by call path. */
const price: Record<'checkout' | 'cartPreview' | 'invoice', string> = {
  checkout: '',
  cartPreview: '',
  invoice: '',
};

async function storeIssues(): Promise<Array<{ id: string; culprit?: string; metadata?: { type?: string } }>> {
  const res = await fetch(`${dexter.listenUrl}/api/0/organizations/${org}/issues/?query=&limit=100`, {
    headers: { authorization: `Bearer ${dexter.bootstrap!.token}` },
  });
  return (await res.json()) as Array<{ id: string; culprit?: string; metadata?: { type?: string } }>;
}

/** Which call path an issue is: the handler among its latest event's frames (source context aside). */
async function callPathOf(id: string): Promise<string> {
  const res = await fetch(`${dexter.listenUrl}/api/0/organizations/${org}/issues/${id}/events/latest/`, {
    headers: { authorization: `Bearer ${dexter.bootstrap!.token}` },
  });
  const event = (await res.json()) as {
    entries: Array<{
      type: string;
      data: { values?: Array<{ stacktrace?: { frames?: Array<{ function?: string }> } }> };
    }>;
  };
  const exception = event.entries.find((entry) => entry.type === 'exception');
  const functions = (exception?.data.values ?? [])
    .flatMap((v) => v.stacktrace?.frames ?? [])
    .map((f) => f.function);
  return (
    ['checkoutHandler', 'cartPreviewHandler', 'exportInvoiceRow'].find((fn) => functions.includes(fn)) ?? ''
  );
}

beforeAll(async () => {
  dexter = await startTestDexter();
  org = dexter.bootstrap!.org;
  const billing = await dexter.store!.admin.ensureProject(org, 'billing', dexter.url);
  await runSimilarErrorsApp(dexter.bootstrap!.projects[0]!.dsn, 'shop');
  await runSimilarErrorsApp(billing.dsn, 'billing');
  await dexter.store!.admin.drain();
  await dexter.similarity.maintenance.idle();
  for (const issue of (await storeIssues()).filter((i) => i.metadata?.type === 'PriceFormatError')) {
    const path = await callPathOf(issue.id);
    if (path === 'checkoutHandler') price.checkout = issue.id;
    if (path === 'cartPreviewHandler') price.cartPreview = issue.id;
    if (path === 'exportInvoiceRow') price.invoice = issue.id;
  }
  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await dexter?.close();
});

describe('similar issues and clusters in the browser', () => {
  it('the SDK traffic made one issue per call path', () => {
    expect(Object.values(price).every((id) => id !== '')).toBe(true);
  });

  it('lists the other call paths on the issue page, with confidence, evidence and aligned stacks', async () => {
    await page.goto(`${dexter.url}/${org}/issues/${price.checkout}`);
    await page.waitForURL(/\/sign-in/);
    await fillSignIn(page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(new RegExp(`/issues/${price.checkout}$`));
    const panel = page.getByTestId('similar-issues');
    await expect.poll(() => panel.getByTestId('similar-issue').count()).toBe(2);
    const ids = await panel
      .getByTestId('similar-issue')
      .evaluateAll((rows) => rows.map((r) => r.dataset.issueId));
    expect(ids.sort()).toEqual([price.cartPreview, price.invoice].sort());
    for (const text of await panel.getByTestId('match-confidence').allTextContents()) {
      expect(text).toMatch(/^(possibly|likely) same bug \d+ %$/);
    }
    for (const id of ids) {
      const badge = panel.locator(`[data-issue-id="${id}"]`).getByTestId('match-confidence');
      onIssuePage.set(id ?? '', (await badge.textContent()) ?? '');
    }
    expect(await panel.getByTestId('match-evidence').first().textContent()).toMatch(
      /aligned frames · same exception type/,
    );

    const sameProject = panel.locator(`[data-issue-id="${price.cartPreview}"]`);
    const otherProject = panel.locator(`[data-issue-id="${price.invoice}"]`);
    expect(await sameProject.getByTestId('merge-button').count()).toBe(1);
    expect(await otherProject.getByTestId('merge-button').count()).toBe(0);
    expect(await otherProject.getByTestId('open-other-project').textContent()).toMatch(/billing/);

    await otherProject.getByTestId('compare-stacks').click();
    const comparison = otherProject.getByTestId('stack-comparison');
    await comparison.waitFor();
    for (const side of ['stack-left', 'stack-right']) {
      const aligned = comparison
        .getByTestId(side)
        .locator('[data-testid="compare-frame"][data-aligned="true"]');
      expect(await aligned.allTextContents()).toEqual(
        expect.arrayContaining([
          expect.stringContaining('parsePrice'),
          expect.stringContaining('orderTotal'),
        ]),
      );
    }
    // The call paths differ: the caller frames are on one side only, not highlighted.
    const left = comparison.getByTestId('stack-left').locator('[data-aligned="false"]');
    expect((await left.allTextContents()).join(' ')).toContain('checkoutHandler');
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifactsDir, 'similar-issues.png'), fullPage: true });
  });

  it('shows the three call paths as one cluster, across both projects, and merges within a project', async () => {
    await page.getByTestId('nav-clusters').click();
    await page.waitForURL(new RegExp(`/${org}/clusters$`));
    const cluster = page.getByTestId('cluster').filter({ hasText: 'PriceFormatError' });
    await expect.poll(() => cluster.getByTestId('cluster-member').count()).toBe(3);
    expect(await page.getByTestId('cluster').count()).toBe(1);
    expect(await cluster.getByTestId('cluster-impact').textContent()).toMatch(/3 issues in billing, \w+/);
    expect(await cluster.getByTestId('cluster-impact').textContent()).toMatch(/ · \d+(–\d+)? users? · /);
    const clusterBadge = await cluster.getByTestId('cluster-confidence').textContent();
    expect(clusterBadge).toMatch(/same bug \d+ %/);
    // The cluster names its weakest link, and each link reads exactly as the issue page read that pair.
    const links = cluster.getByTestId('cluster-link');
    expect(await links.count()).toBe(2);
    expect(await links.first().textContent()).toMatch(/^Weakest link/);
    expect(await links.first().getByTestId('cluster-link-confidence').textContent()).toBe(clusterBadge);
    for (const link of await links.all()) {
      const pair = [await link.getAttribute('data-issue-a'), await link.getAttribute('data-issue-b')];
      if (!pair.includes(price.checkout)) continue;
      const other = pair.find((id) => id !== price.checkout) ?? '';
      expect(await link.getByTestId('cluster-link-confidence').textContent()).toBe(onIssuePage.get(other));
    }
    await page.screenshot({ path: join(artifactsDir, 'clusters.png'), fullPage: true });

    await cluster.getByTestId('cluster-merge').click();
    expect(await cluster.getByTestId('cluster-merge').textContent()).toMatch(/Confirm: merge within/);
    await cluster.getByTestId('cluster-merge').click();
    await expect.poll(() => cluster.getByTestId('cluster-member').count()).toBe(2);
    await page.screenshot({ path: join(artifactsDir, 'clusters-after-merge.png'), fullPage: true });
  });

  it('takes a pair apart everywhere after "not the same"', async () => {
    // The merge kept one of the two shop issues (Sentry keeps the one with more events).
    const members = await page
      .getByTestId('cluster-member')
      .evaluateAll((rows) => rows.map((r) => r.dataset.issueId));
    const subject = members.find((id) => id !== price.invoice);
    expect([price.checkout, price.cartPreview]).toContain(subject);
    await page.goto(`${dexter.url}/${org}/issues/${subject}`);
    const row = page.getByTestId('similar-issues').locator(`[data-issue-id="${price.invoice}"]`);
    await row.getByTestId('feedback-different').click();
    await page.getByTestId('no-similar-issues').waitFor();
    await page.screenshot({ path: join(artifactsDir, 'similar-issues-after-verdict.png'), fullPage: true });

    await page.getByTestId('nav-clusters').click();
    await page.getByTestId('empty-state').waitFor();
    expect(await page.getByTestId('cluster').count()).toBe(0);
  });
});
