/**
 * Ticket integrations in the browser, against a local GitHub contract fake (every request checked
 * against GitHub's OpenAPI description): an error sent by the real Node SDK; the admin connects
 * GitHub on the integrations page (base URL, token, repository), tests the connection, opens the
 * issue, creates a ticket from it (its body carries the top in-app frames and the link back),
 * links a second, existing ticket by number, and then the first ticket is closed on "GitHub",
 * whose signed webhook reaches Dexter: the issue shows as resolved and the ticket as closed. Then
 * per-project defaults (a wrong assignee refused under its field), and one ticket for two issues
 * selected in the stream, whose ticket column shows every issue's tickets with their state.
 * Screenshots in test-artifacts/integrations-*.png.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FakeGithub,
  startFakeGithub,
} from '../apps/server/src/features/integrations/testing/fake-github';
import { ADMIN_PASSWORD, startTestDexter, type TestDexter } from '../apps/server/src/testing/test-dexter';
import { artifactsDir, launchBrowser } from './support/browser';
import { runSdkError } from './support/sdk-error';
import { fillSignIn } from './support/sign-in';

const TOKEN = 'ghp_e2e_fake_token';
const REPO = 'acme/shop';
const OTHER_REPO = 'acme/backend';
let dexter: TestDexter;
let github: FakeGithub;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let org: string;
let issueId: string;
let webhookSecret: string;
let webhookUrl: string;

beforeAll(async () => {
  github = await startFakeGithub({ token: TOKEN, repository: REPO, otherRepositories: [OTHER_REPO] });
  dexter = await startTestDexter({
    DEXTER_DEPLOY_CHECK_MS: '0',
    DEXTER_ALLOW_PRIVATE_URLS: `127.0.0.1:${github.port}`,
    ...(process.env.DEXTER_WEB_DIST ? { DEXTER_WEB_DIST: process.env.DEXTER_WEB_DIST } : {}),
  });
  org = dexter.bootstrap!.org;
  const project = dexter.bootstrap!.projects[0]!;
  await runSdkError(project.dsn, 'integrations', 'Checkout total is NaN');
  for (let attempt = 0; attempt < 100 && !issueId; attempt++) {
    const res = await dexter.request(
      `/api/v1/organizations/${org}/issues?query=${encodeURIComponent('NaN')}`,
    );
    const found = ((await res.json()) as { issues?: Array<{ id: string }> }).issues?.[0];
    if (found) issueId = found.id;
    else await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(issueId).toBeTruthy();
  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  await page.setViewportSize({ width: 1440, height: 1000 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await dexter?.close();
  await github?.close();
});

const tickets = () => page.getByRole('region', { name: 'Tickets' });

describe('GitHub tickets from the issue page', () => {
  it('connects GitHub and tests the connection', async () => {
    await page.goto(`${dexter.url}/${org}/settings/integrations`);
    await page.waitForURL(/\/sign-in/);
    await fillSignIn(page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(new RegExp(`/${org}/settings/integrations$`));
    await page.getByText('No connections yet.').waitFor();
    await page.getByTestId('connect-name').fill('Shop repository');
    await page.getByTestId('connect-base-url').fill(github.apiUrl);
    await page.getByTestId('connect-token').fill(TOKEN);
    await page.getByTestId('connect-target').fill(REPO);
    await page.getByTestId('connect-submit').click();
    const secretAlert = page.getByTestId('webhook-secret');
    await secretAlert.waitFor();
    const codes = await secretAlert.locator('code').allTextContents();
    expect(codes[0]).toMatch(/\/api\/v1\/webhooks\/integrations\/\d+$/);
    webhookUrl = codes[0]!;
    webhookSecret = codes[1]!;
    expect(webhookSecret).toMatch(/^[0-9a-f]{48}$/);
    await page.getByRole('button', { name: 'Test' }).click();
    await expect.poll(() => page.getByTestId('test-result').textContent()).toBe('Works, as dexter-bot');
    expect(await page.content()).not.toContain(TOKEN);
    await page.screenshot({ path: join(artifactsDir, 'integrations-connections.png'), fullPage: true });
  });

  it('creates a ticket from the issue and links a second one', async () => {
    await page.goto(`${dexter.url}/${org}/issues/${issueId}`);
    await tickets().getByText('No linked tickets.').waitFor();
    await tickets().getByTestId('create-ticket').click();
    const first = tickets().getByRole('article', { name: `Ticket ${REPO}#1` });
    await first.waitFor();
    expect(await first.getByTestId('ticket-state').textContent()).toBe('open');
    const sent = github.issues.get(1)!;
    expect(sent.title).toContain('Checkout total is NaN');
    expect(sent.body).toMatch(/Top in-app frames:\n\n```\nat /);
    expect(sent.body).toContain(`${dexter.url}/${org}/issues/${issueId}`);

    const existing = github.addIssue('Totals are sometimes NaN');
    await tickets().getByTestId('ticket-ref').fill(`#${existing.number}`);
    await tickets().getByTestId('link-ticket').click();
    await tickets()
      .getByRole('article', { name: `Ticket ${REPO}#${existing.number}` })
      .waitFor();
    // Bad input says what was wrong, in the panel.
    await tickets().getByTestId('ticket-ref').fill('#404');
    await tickets().getByTestId('link-ticket').click();
    await expect
      .poll(() => tickets().getByTestId('ticket-error').textContent())
      .toMatch(/GitHub has no such resource/);
    expect(github.violations).toEqual([]);
    await tickets().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifactsDir, 'integrations-tickets.png'), fullPage: true });
  });

  it('resolves the issue when the first ticket closes on GitHub (signed webhook)', async () => {
    expect(await page.getByTestId('issue-status').textContent()).toMatch(/unresolved/i);
    const delivery = await github.closeIssue(1, webhookSecret);
    const res = await fetch(webhookUrl, {
      method: 'POST',
      headers: delivery.headers,
      body: delivery.body,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ resolvedIssues: [issueId] });
    await page.reload();
    await expect.poll(() => page.getByTestId('issue-status').textContent()).toMatch(/^resolved/i);
    const first = tickets().getByRole('article', { name: `Ticket ${REPO}#1` });
    await expect.poll(() => first.getByTestId('ticket-state').textContent()).toBe('closed (completed)');
    expect(
      await tickets()
        .getByRole('article', { name: `Ticket ${REPO}#2` })
        .getByTestId('ticket-state')
        .textContent(),
    ).toBe('open');
    await tickets().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifactsDir, 'integrations-resolved.png'), fullPage: true });
  });
});

describe('project defaults and tickets from the stream', () => {
  it('saves defaults, refusing a wrong assignee under its field', async () => {
    await page.goto(`${dexter.url}/${org}/settings/integrations`);
    const form = page.getByRole('form', { name: 'Project defaults form' });
    await form.getByLabel('Project', { exact: true }).click();
    await page.getByRole('option', { name: dexter.bootstrap!.projects[0]!.slug }).click();
    await form.getByLabel('Tickets go to', { exact: true }).fill(OTHER_REPO);
    await form.getByLabel('Labels', { exact: true }).fill('triage');
    await form.getByLabel('Labels', { exact: true }).press('Enter');
    await form.getByLabel('Assignee', { exact: true }).fill('-octo-');
    await form.getByRole('button', { name: 'Save defaults' }).click();
    await form.getByText('"-octo-" is not a GitHub login such as octocat').waitFor();
    await form.getByLabel('Assignee', { exact: true }).fill('octocat');
    await form.getByRole('button', { name: 'Save defaults' }).click();
    const saved = page.getByRole('table', { name: 'Saved project defaults' });
    await saved.getByRole('cell', { name: OTHER_REPO }).waitFor();
    expect(await saved.getByRole('cell', { name: 'octocat' }).count()).toBe(1);
    // The webhook secret again, for the admin who lost it (the server audits the read).
    await page.getByRole('button', { name: 'Show secret' }).click();
    await expect.poll(() => page.getByTestId('shown-secret').textContent()).toBe(`Secret: ${webhookSecret}`);
    await page.getByRole('region', { name: 'Project defaults' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifactsDir, 'integrations-defaults.png'), fullPage: true });
  });

  it('creates one ticket for two selected issues; the ticket column shows each issue with its state', async () => {
    const project = dexter.bootstrap!.projects[0]!;
    await Promise.all([
      runSdkError(project.dsn, 'integrations-b', 'Coupon code rejected'),
      runSdkError(project.dsn, 'integrations-c', 'Shipping quote timed out'),
    ]);
    await page.goto(`${dexter.url}/${org}/issues?status=all`);
    const rows = page.getByTestId('issue-row');
    await expect.poll(() => rows.count()).toBe(3);
    const row = (title: string) => rows.filter({ hasText: title });
    await row('Coupon code rejected').getByRole('checkbox').check();
    await row('Shipping quote timed out').getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Create tickets' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('radio', { name: 'One ticket linking all of them' }).check();
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect
      .poll(() => dialog.getByTestId('ticket-job').textContent())
      .toMatch(/Done: 2 of 2 linked to acme\/backend#\d+/);
    await dialog.getByRole('button', { name: 'Close' }).click();
    const created = [...github.issues.values()].find((issue) => issue.repository === OTHER_REPO)!;
    expect(created).toMatchObject({ assignees: ['octocat'], labels: ['triage'] });
    expect(created.title).toMatch(/and 1 more/);

    // The column: both new issues show the one open ticket; the first issue its closed and open ones.
    const key = `backend#${created.number}`;
    for (const title of ['Coupon code rejected', 'Shipping quote timed out'])
      await row(title)
        .getByRole('link', { name: `${OTHER_REPO}#${created.number} (open)` })
        .waitFor();
    const first = row('Checkout total is NaN');
    await first.getByRole('link', { name: `${REPO}#1 (closed)` }).waitFor();
    expect(await first.getByRole('link', { name: `${REPO}#2 (open)` }).count()).toBe(1);
    expect(await row('Coupon code rejected').getByText(key).count()).toBe(1);
    expect(github.violations).toEqual([]);
    await page.screenshot({ path: join(artifactsDir, 'integrations-stream-tickets.png') });
  });
});
