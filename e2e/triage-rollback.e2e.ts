/**
 * Optimistic triage when the upstream says no, and comments, in Chromium. Dexter runs in
 * companion mode against a built-in store behind the fault proxy, so failures are real upstream
 * answers: a bulk call refused with a 500 for one project's chunk, and an assignee that Sentry
 * (the store) rejects because the member left between the picker loading and the pick.
 *
 * The browser's own request is held (`page.route`) until the optimistic change has been seen,
 * so seeing it does not depend on how fast the server answers.
 */
import { join } from 'node:path';
import { type StoreServer, secondProject, seedIssue } from '@dexter/store/testing';
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir } from './support/browser';
import { type FaultedBrowserDexter, startFaultedBrowserDexter } from './support/faulted-dexter';
import { firstSignIn } from './support/sign-in';

let setup: FaultedBrowserDexter;
let page: Page;
const checkoutIds: string[] = [];
const paymentsIds: string[] = [];
let paymentsProjectId = '';

const rows = () => page.getByTestId('issue-row');
const rowIds = (selector = '[data-testid="issue-row"]') =>
  page.locator(selector).evaluateAll((els) => els.map((el) => el.getAttribute('data-issue-id') ?? ''));
const notifications = () => page.getByTestId('notification');
const sorted = (ids: readonly string[]) => [...ids].sort();

async function seed(store: StoreServer) {
  const payments = await secondProject(store, 'payments');
  paymentsProjectId = payments.id;
  for (let i = 0; i < 4; i++) {
    checkoutIds.push(await seedIssue(store, `CheckoutError ${i}`));
    paymentsIds.push(await seedIssue(store, `PaymentsError ${i}`, { project: payments }));
  }
}

/** Holds the browser's requests matching `url` until `release()`; `unroute` when done. */
async function holdRequests(url: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const handler = async (route: Route) => {
    await released;
    await route.continue();
  };
  await page.route(url, handler);
  return {
    release,
    unroute: () => page.unroute(url, handler),
  };
}

async function storeStatuses(ids: readonly string[]) {
  const found = await setup.store.store.db
    .selectFrom('issues')
    .select(['id', 'status'])
    .where(
      'id',
      'in',
      ids.map((id) => Number(id)),
    )
    .execute();
  return new Set(found.map((row) => row.status));
}

beforeAll(async () => {
  setup = await startFaultedBrowserDexter('rollback', seed);
  page = setup.page;
}, 150_000);

afterAll(() => setup?.close());

describe('optimistic triage that the upstream refuses', () => {
  it('runs a hand selection of eight as one bulk job; the refused chunk rolls back, reported per issue', async () => {
    await page.goto(setup.dexter.url);
    await firstSignIn(page, setup.dataDir);
    await page.waitForURL(/\/issues/);
    await expect.poll(() => rows().count(), { timeout: 30_000 }).toBe(8);

    // Sentry refuses the bulk call of the payments project; the other project's call goes through.
    setup.proxy.setFault(({ method, path }) =>
      method === 'PUT' && path.includes('/issues/?') && path.includes(`project=${paymentsProjectId}`)
        ? { kind: 'status', status: 500 }
        : { kind: 'pass' },
    );
    const jobStart = await holdRequests('**/api/v1/organizations/*/bulk-jobs');

    for (let i = 0; i < 8; i++) await page.keyboard.type('jx');
    await expect.poll(() => page.getByTestId('selection-count').textContent()).toBe('8 selected');
    await page.keyboard.type('r');

    // Shown at once, while the job has not even started.
    await expect.poll(() => rowIds('[data-testid="issue-row"][data-status="resolved"]')).toHaveLength(8);
    expect(await page.getByTestId('bulk-progress').count()).toBe(0);
    await page.screenshot({ path: join(artifactsDir, 'triage-rollback-optimistic.png'), fullPage: true });
    jobStart.release();

    const progress = page.getByTestId('bulk-progress');
    await progress.waitFor();
    await expect.poll(() => progress.getAttribute('data-state'), { timeout: 30_000 }).toBe('completed');
    expect(await page.getByTestId('bulk-counts').textContent()).toContain(
      '4 done · 4 failed · 0 pending · 8 total',
    );
    const failures = page.getByTestId('bulk-failures').getByRole('listitem');
    await expect.poll(() => failures.count()).toBe(4);
    for (const text of await failures.allTextContents()) expect(text).toContain('DEXTER_ERR_UPSTREAM_SERVER');
    const reported = (await failures.allTextContents()).map((text) => /Issue (\d+)/.exec(text)?.[1] ?? '');
    expect(sorted(reported)).toEqual(sorted(paymentsIds));

    // Rolled back: the refused issues are unresolved again and stay in the stream; the others left.
    await expect.poll(async () => sorted(await rowIds()), { timeout: 15_000 }).toEqual(sorted(paymentsIds));
    expect(await rowIds('[data-testid="issue-row"][data-status="unresolved"]')).toHaveLength(4);
    await expect
      .poll(() => notifications().filter({ hasText: 'Could not resolve 4 of 8 issues' }).count())
      .toBe(1);
    expect(await page.getByTestId('selection-count').textContent()).toBe('8 selected');
    expect(await storeStatuses(checkoutIds)).toEqual(new Set(['resolved']));
    expect(await storeStatuses(paymentsIds)).toEqual(new Set(['unresolved']));
    await page.screenshot({ path: join(artifactsDir, 'triage-rollback-bulk.png'), fullPage: true });

    setup.proxy.setFault(() => ({ kind: 'pass' }));
    await jobStart.unroute();
    await page.keyboard.press('Escape');
    await page.getByTestId('bulk-bar').waitFor({ state: 'hidden' });
  });

  it('shows a new assignee at once, then restores it with the reason Sentry gave', async () => {
    const issueId = paymentsIds[0]!;
    const db = setup.store.store.db;
    const org = await db
      .selectFrom('organizations')
      .select('id')
      .where('slug', '=', setup.store.org)
      .executeTakeFirstOrThrow();
    const leaver = await db
      .insertInto('members')
      .values({
        organization_id: org.id,
        email: 'leaver@example.com',
        name: 'Lee Leaver',
        username: 'leaver',
        role: 'member',
        date_created: Date.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    await page.goto(`${setup.dexter.url}/${setup.store.org}/issues/${issueId}`);
    await expect.poll(() => page.getByTestId('issue-assignee').textContent()).toBe('nobody');
    await page.getByTestId('issue-actions').click();
    await page.getByRole('menuitem', { name: /Assign/ }).click();
    await page.getByTestId('assign-search').fill('Leaver');
    // Narrowed to them (and "Unassigned"): Enter picks the first option.
    await expect
      .poll(() => page.getByTestId('assign-options').getByRole('option').allTextContents())
      .toEqual(['Lee Leaver (leaver@example.com)', 'Unassigned']);

    // The member leaves the organization while the picker still offers them.
    await db.deleteFrom('members').where('id', '=', leaver.id).execute();
    const update = await holdRequests(`**/api/v1/organizations/*/issues/${issueId}`);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('issue-assignee').textContent()).toBe('Lee Leaver');
    update.release();

    await expect.poll(() => page.getByTestId('issue-assignee').textContent()).toBe('nobody');
    const alert = notifications().filter({ hasText: 'Could not assign' });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/Unknown actor input/);
    expect(await alert.textContent()).toContain('The previous state was restored.');
    const row = await db
      .selectFrom('issues')
      .select(['assignee_member_id', 'assignee_team_id'])
      .where('id', '=', Number(issueId))
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ assignee_member_id: null, assignee_team_id: null });
    await page.screenshot({ path: join(artifactsDir, 'triage-rollback-assign.png'), fullPage: true });
    await update.unroute();
  });
});

describe('comments', () => {
  it('adds a comment on the detail page; it shows in comments and activity and survives a reload', async () => {
    const text = `Looks like the card processor timed out ${Date.now()}`;
    await page.getByLabel('New comment').fill(text);
    await page.getByRole('button', { name: 'Comment', exact: true }).click();
    const comments = page.getByTestId('issue-comments');
    const activity = page.getByTestId('issue-activity');
    await expect.poll(() => comments.textContent()).toContain(text);
    await expect.poll(() => activity.textContent()).toContain(text);

    await page.reload();
    await page.getByTestId('issue-comments').waitFor();
    await expect.poll(() => comments.textContent()).toContain(text);
    await expect.poll(() => activity.textContent()).toContain(text);
    await page.screenshot({ path: join(artifactsDir, 'triage-comment.png'), fullPage: true });
  });
});
