/**
 * The issue page as a reader uses it: events over time at the top, the trace folded to its
 * culprit, breadcrumbs one click away, the event in the URL (older/newer/latest, keys, reload,
 * short ids), a message event showing its message, the tab title; and the keyboard around it:
 * `?` everywhere, Esc on every dialog, `r` with an Undo that really restores the status.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { envelopeOf, postEnvelope, testEvent } from '@dexter/store/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir } from './support/browser';
import { type DemoDexter, startDemoDexter } from './support/demo-dexter';
import { firstSignIn } from './support/sign-in';

let demo: DemoDexter;
let page: Page;
let issueUrl: string;
let issueId: string;
const MESSAGE = 'Nightly export finished with 3 skipped rows';

const issueStatus = async (id: string) => {
  const res = await page.request.get(`${demo.dexter.url}/api/v1/organizations/dexter/issues/${id}`);
  return ((await res.json()) as { issue: { status: string } }).issue.status;
};
const isFocused = (testId: string) =>
  page
    .getByTestId(testId)
    .evaluate((el) => el === document.activeElement || el.contains(document.activeElement));

beforeAll(async () => {
  demo = await startDemoDexter('issue-page');
  page = demo.page;
  // A message event (no exception), as `captureMessage` sends one.
  const bootstrap = JSON.parse(readFileSync(join(demo.dataDir, 'bootstrap.json'), 'utf8')) as {
    projects: Array<{ id: string; dsn: string }>;
  };
  const project = bootstrap.projects[0]!;
  const { exception: _none, ...event } = testEvent({ fingerprint: ['message-e2e'], level: 'info' });
  const messageEvent = { ...event, message: MESSAGE, logentry: { formatted: MESSAGE } };
  const res = await postEnvelope(
    demo.dexter.url,
    project.id,
    new URL(project.dsn).username,
    envelopeOf(messageEvent),
  );
  expect(res.status).toBe(200);
  await page.goto(demo.dexter.url);
  await firstSignIn(page, demo.dataDir);
  await page.waitForURL(/\/dexter\/issues/);
  await page.getByTestId('issue-row').first().waitFor();
}, 150_000);

afterAll(() => demo?.close());

describe('issue page', () => {
  it('shows events over time on top, the trace folded to its culprit, breadcrumbs one click away, tags once', async () => {
    await page.getByTestId('issue-row').filter({ hasText: 'RangeError' }).first().click();
    await page.waitForURL(/\/dexter\/issues\/\d+$/);
    issueUrl = page.url();
    issueId = issueUrl.split('/').at(-1)!;
    const trace = page.getByTestId('stack-trace');
    await trace.waitFor();
    await page.getByTestId('issue-timeline').locator('canvas').waitFor();
    await expect.poll(() => page.title()).toMatch(/^DEMO-\d+ · RangeError/);

    // The issue's first release, a link to its page.
    expect(await page.getByTestId('issue-first-release').textContent()).toMatch(/^shop@/);
    expect(await page.getByTestId('issue-first-release').getAttribute('href')).toMatch(
      /\/dexter\/releases\/shop%40/,
    );
    const timelineBox = await page.getByTestId('issue-timeline').boundingBox();
    const traceBox = await trace.boundingBox();
    expect(timelineBox!.y).toBeLessThan(traceBox!.y);

    // One frame open, the culprit (in-app); every other frame is a one-line header.
    await expect.poll(() => trace.locator('[data-culprit="true"]').count()).toBe(1);
    const culprit = trace.locator('[data-culprit="true"]');
    // The culprit is the most recent in-app call when the trace has one.
    if ((await trace.locator('[data-testid="frame"][data-in-app="true"]').count()) > 0) {
      expect(await culprit.getAttribute('data-in-app')).toBe('true');
    }
    // …and, in-app frames only being shown, the first of the list (the most recent call).
    expect(await trace.locator('[data-testid="frame"]').first().getAttribute('data-culprit')).toBe('true');
    expect(await trace.locator('[aria-expanded="true"]').count()).toBeLessThanOrEqual(1);
    // Context on demand: a folded frame opens on click, and folds again.
    const folded = trace.locator('[data-testid="frame"]:not([data-culprit]) button[aria-expanded]').first();
    if ((await folded.count()) > 0) {
      expect(await folded.getAttribute('aria-expanded')).toBe('false');
      await folded.click();
      expect(await folded.getAttribute('aria-expanded')).toBe('true');
      await folded.click();
    }

    // Breadcrumbs: a tab in the first screen, not 2,000 px down.
    const tab = page.getByTestId('tab-breadcrumbs');
    const tabBox = await tab.boundingBox();
    expect(tabBox!.y + tabBox!.height).toBeLessThan(900);
    await page.getByTestId('issue-tags').waitFor();
    expect(await page.getByRole('heading', { name: 'Tags', exact: true }).count()).toBe(1);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(artifactsDir, 'issue-page.png') });
    await page.screenshot({ path: join(artifactsDir, 'issue-page-full.png'), fullPage: true });
    await tab.click();
    await page.getByTestId('breadcrumbs').waitFor();
    await page.screenshot({ path: join(artifactsDir, 'issue-page-breadcrumbs.png') });
    await page.getByTestId('tab-trace').click();
  });

  it('puts the event in the URL: older, newer and latest keep it, and a reload shows the same event', async () => {
    const latestId = await page.getByTestId('current-event-id').textContent();
    expect(latestId).toMatch(/^[0-9a-f]{32}$/);
    await page.getByTestId('event-older').click();
    await page.waitForURL(/\/events\/[0-9a-f]{32}$/);
    const olderId = page.url().split('/').at(-1)!;
    expect(olderId).not.toBe(latestId);
    await expect.poll(() => page.getByTestId('current-event-id').textContent()).toBe(olderId);

    await page.reload();
    await expect.poll(() => page.getByTestId('current-event-id').textContent()).toBe(olderId);
    await page.getByTestId('stack-trace').waitFor();

    // `[` goes further back, `]` comes forward, `l` goes to the latest.
    await page.keyboard.press('[');
    await page.waitForURL((url) => !url.pathname.endsWith(olderId));
    const oldestSeen = page.url().split('/').at(-1)!;
    await expect.poll(() => page.getByTestId('current-event-id').textContent()).toBe(oldestSeen);
    await page.keyboard.press(']');
    await page.waitForURL((url) => url.pathname.endsWith(olderId));
    await page.keyboard.press('l');
    await page.waitForURL(/\/events\/latest$/);
    await expect.poll(() => page.getByTestId('current-event-id').textContent()).toBe(latestId);
    expect(await page.getByTestId('event-latest').isDisabled()).toBe(true);

    // The short id works in the URL too.
    const shortId = (await page.getByTestId('issue-short-id').textContent())!;
    await page.goto(`${demo.dexter.url}/dexter/issues/${shortId}/events/${olderId}`);
    await expect.poll(() => page.getByTestId('current-event-id').textContent()).toBe(olderId);
    expect(await page.getByTestId('issue-short-id').textContent()).toBe(shortId);
  });

  it('shows the message of a message event', async () => {
    await page.goto(`${demo.dexter.url}/dexter/issues?status=all&query=${encodeURIComponent('Nightly')}`);
    await page.getByTestId('issue-row').filter({ hasText: 'Nightly export' }).first().click();
    await page.getByTestId('event-message').waitFor();
    expect(await page.getByTestId('event-message').textContent()).toContain(MESSAGE);
    expect(await page.getByTestId('tab-trace').textContent()).toContain('Message');
    await page.getByTestId('issue-timeline').locator('canvas').waitFor();
    await page.screenshot({ path: join(artifactsDir, 'issue-page-message.png') });
  });

  it('resolves with r and the toast Undo puts the issue back to unresolved through the API', async () => {
    await page.goto(issueUrl);
    await expect.poll(() => page.getByTestId('resolve-button').textContent()).toBe('Resolve');
    await page.keyboard.press('r');
    await expect.poll(() => page.getByTestId('resolve-button').textContent()).toBe('Unresolve');
    const toast = page.getByTestId('undo-toast');
    await toast.waitFor();
    expect(await issueStatus(issueId)).toBe('resolved');
    await page.screenshot({ path: join(artifactsDir, 'issue-undo-toast.png') });
    await page.getByTestId('undo-button').click();
    await expect.poll(() => issueStatus(issueId), { timeout: 10_000 }).toBe('unresolved');
    await expect.poll(() => page.getByTestId('resolve-button').textContent()).toBe('Resolve');
    await toast.waitFor({ state: 'hidden' });
  });

  it('closes every dialog with Esc: assign (by key and by menu), shortcuts, and the actions menu', async () => {
    await page.keyboard.press('a');
    await page.getByTestId('assign-search').waitFor();
    await expect.poll(() => isFocused('assign-search')).toBe(true);
    await page.keyboard.press('Escape');
    await page.getByTestId('assign-search').waitFor({ state: 'hidden' });

    await page.getByTestId('issue-actions').click();
    await page.getByRole('menuitem', { name: /Assign/ }).click();
    await page.getByTestId('assign-search').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('assign-search').waitFor({ state: 'hidden' });

    await page.getByTestId('issue-actions').click();
    await page.getByRole('menu').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('menu').waitFor({ state: 'hidden' });

    // `?` on the issue page lists its own keys first, and every other page's too.
    await page.keyboard.press('?');
    const help = page.getByTestId('keyboard-help');
    await page.getByText('Keyboard shortcuts').waitFor();
    const sections = await page
      .getByTestId('shortcut-section')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-section')));
    expect(sections[0]).toBe('issue');
    expect(sections).toEqual(expect.arrayContaining(['everywhere', 'stream', 'search', 'issue']));
    expect(await page.getByRole('dialog').textContent()).toContain('Older event');
    await page.screenshot({ path: join(artifactsDir, 'keyboard-help.png') });
    await page.keyboard.press('Escape');
    await page.getByText('Keyboard shortcuts').waitFor({ state: 'hidden' });
    expect(help).toBeDefined();
  });

  it('opens the shortcuts with ? on a page without keys of its own (releases)', async () => {
    await page.goto(`${demo.dexter.url}/dexter/releases`);
    await page.getByTestId('releases-table').waitFor();
    await page.keyboard.press('?');
    await page.getByText('Keyboard shortcuts').waitFor();
    await page.keyboard.press('Escape');
    await page.getByText('Keyboard shortcuts').waitFor({ state: 'hidden' });
  });

  it('resolves the focused stream row with r and Undo brings it back; Esc closes the stream dialogs', async () => {
    await page.goto(`${demo.dexter.url}/dexter/issues`);
    const rows = page.getByTestId('issue-row');
    await rows.first().waitFor();
    const before = await rows.count();
    await page.keyboard.press('j');
    const focused = page.locator('[data-testid="issue-row"][data-focused="true"]');
    await focused.waitFor();
    const id = (await focused.getAttribute('data-issue-id'))!;
    await page.keyboard.press('r');
    await page.getByTestId('undo-toast').waitFor();
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(before - 1);
    expect(await issueStatus(id)).toBe('resolved');
    await page.getByTestId('undo-button').click();
    await expect.poll(() => issueStatus(id), { timeout: 10_000 }).toBe('unresolved');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(before);

    await page.keyboard.press('j');
    await page.keyboard.press('a');
    await page.getByTestId('assign-search').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('assign-search').waitFor({ state: 'hidden' });

    await page.keyboard.press('*');
    await page.getByTestId('bulk-confirm').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('bulk-confirm').waitFor({ state: 'hidden' });

    // The save-view dialog closes on Esc even with the focus in its name field.
    await page.getByTestId('saved-views').click();
    await page.getByRole('menuitem', { name: /Save current search/ }).click();
    const saveDialog = page.getByRole('dialog', { name: 'Save this search' });
    await saveDialog.waitFor();
    await saveDialog.getByRole('textbox').first().focus();
    await page.keyboard.press('Escape');
    await saveDialog.waitFor({ state: 'hidden' });
  });

  it('undoes a resolve of six selected issues, which ran as a bulk job', async () => {
    await page.goto(`${demo.dexter.url}/dexter/issues`);
    const rows = page.getByTestId('issue-row');
    await rows.first().waitFor();
    const before = await rows.count();
    expect(before).toBeGreaterThanOrEqual(6);
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('j');
      await page.keyboard.press('x');
    }
    await expect.poll(() => page.getByTestId('selection-count').textContent()).toBe('6 selected');
    const ids = await page
      .locator('[data-testid="issue-row"][data-selected="true"]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-issue-id')!));
    await page.keyboard.press('r');
    await page.getByTestId('bulk-progress').waitFor();
    await page.getByTestId('undo-toast').waitFor();
    // At once, while the job may still run: the undo waits for it, then puts every issue back.
    await page.getByTestId('undo-button').click();
    await expect
      .poll(async () => (await Promise.all(ids.map(issueStatus))).join(), { timeout: 30_000 })
      .toBe(ids.map(() => 'unresolved').join());
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(before);
  });
});
