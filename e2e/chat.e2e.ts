/**
 * Chat settings in the browser, against the local Slack fake (every request checked against
 * Slack's published Web API spec): the admin connects a Slack workspace (bot token, signing
 * secret, the fake's API URL), sees the Interactivity and Events URLs to give the Slack app, tests
 * the connection, routes the project to #alerts, and then an error sent by the real Node SDK is
 * posted to that channel. Then a team route with quiet hours and a daily digest is added in the
 * form, Slack goes down, and the delivery log shows the message waiting with Slack's error.
 * Screenshots: test-artifacts/chat-settings.png (connection, routing, message preview),
 * chat-connect-error.png (a refused token named in the form), chat-routes-delivery-log.png (routes
 * with their schedule, the delivery log) and chat-delivery-log.png (the log alone).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatHandle } from '../apps/server/src/features/chat/chat-feature';
import { type FakeSlack, startFakeSlack } from '../apps/server/src/features/chat/testing/fake-slack';
import { ADMIN_PASSWORD, startTestDexter, type TestDexter } from '../apps/server/src/testing/test-dexter';
import { artifactsDir, launchBrowser } from './support/browser';
import { runSdkError } from './support/sdk-error';
import { fillSignIn } from './support/sign-in';

let dexter: TestDexter;
let slack: FakeSlack;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let org: string;
let project: { slug: string; dsn: string };

beforeAll(async () => {
  slack = await startFakeSlack();
  dexter = await startTestDexter({
    DEXTER_DEPLOY_CHECK_MS: '0',
    DEXTER_ALLOW_PRIVATE_URLS: '127.0.0.1',
    ...(process.env.DEXTER_WEB_DIST ? { DEXTER_WEB_DIST: process.env.DEXTER_WEB_DIST } : {}),
  });
  org = dexter.bootstrap!.org;
  project = dexter.bootstrap!.projects[0]!;
  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  await page.setViewportSize({ width: 1440, height: 1100 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await dexter?.close();
  await slack?.close();
});

describe('chat settings', () => {
  it('names a refused bot token in the form', async () => {
    await page.goto(`${dexter.url}/${org}/settings/chat`);
    await page.waitForURL(/\/sign-in/);
    await fillSignIn(page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(new RegExp(`/${org}/settings/chat$`));
    await page.getByText('No chat connections yet.').waitFor();
    await page.getByTestId('chat-name').fill('Acme workspace');
    await page.getByTestId('chat-api-url').fill(slack.url);
    await page.getByTestId('chat-bot-token').fill('not-a-bot-token');
    await page.getByTestId('chat-signing-secret').fill('e2e signing secret');
    await page.getByTestId('chat-connect').click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/botToken/);
    await page.screenshot({ path: join(artifactsDir, 'chat-connect-error.png'), fullPage: true });
  });

  it('connects Slack, tests it, routes the project to #alerts, and a new issue is posted there', async () => {
    await page.getByTestId('chat-bot-token').fill('xoxb-e2e-token');
    await page.getByTestId('chat-connect').click();
    const row = page.locator('[data-testid^="chat-connection-"]');
    await row.waitFor();
    expect(await row.textContent()).toMatch(/Acme workspace.*bot UDEXTERBOT/);
    expect(await row.locator('code').allTextContents()).toEqual([
      expect.stringMatching(/\/api\/v1\/chat\/slack\/\d+\/interactivity$/),
      expect.stringMatching(/\/api\/v1\/chat\/slack\/\d+\/events$/),
    ]);
    await row.getByRole('button', { name: 'Test' }).click();
    await page.getByTestId('chat-test-result').waitFor();
    expect(await page.getByTestId('chat-test-result').textContent()).toBe(
      'signed in to Dexter Test as dexter',
    );

    await page.getByTestId('route-project').click();
    await page.getByRole('option').first().click();
    await page.getByTestId('route-connection').click();
    await page.getByRole('option', { name: 'Acme workspace' }).click();
    await page.getByTestId('route-channel').fill('#alerts');
    await page.getByTestId('route-add').click();
    const route = page.locator('[data-testid^="chat-route-"]');
    await route.waitFor();
    expect(await route.textContent()).toContain(`${project.slug}Acme workspace · #alerts`);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(artifactsDir, 'chat-settings.png'), fullPage: true });

    await runSdkError(project.dsn, 'chat', 'Checkout total is NaN');
    const chat = dexter.modules.get('chat')!.handle as ChatHandle;
    for (let attempt = 0; attempt < 100 && slack.callsOf('chat.postMessage').length === 0; attempt++) {
      await dexter.store!.admin.drain();
      await chat.idle();
      if (slack.callsOf('chat.postMessage').length === 0)
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const [post] = slack.callsOf('chat.postMessage');
    expect(post!.params.channel).toBe('alerts');
    expect(String(post!.params.text)).toContain('Checkout total is NaN');
    expect(slack.invalid()).toEqual([]);
  });

  it('adds a team route with quiet hours and a daily digest, and shows a message waiting while Slack is down', async () => {
    await page.getByTestId('route-kind').click();
    await page.getByRole('option', { name: 'Team' }).click();
    await page.getByTestId('route-match').fill('triage');
    await page.getByTestId('route-channel').fill('#triage');
    await page.getByTestId('route-digest').click();
    await page.getByRole('option', { name: 'Daily digest (09:00)' }).click();
    await page.getByTestId('route-quiet').check();
    await page.getByTestId('route-quiet-zone').fill('Europe/Berlin');
    await page.getByTestId('route-add').click();
    const teamRoute = page.locator('[data-testid^="chat-route-"]', { hasText: 'team #triage' });
    await teamRoute.waitFor();
    expect(await teamRoute.textContent()).toContain('quiet 22:00–07:00 Europe/Berlin · daily digest');

    const log = page.getByRole('region', { name: 'Delivery log' });
    await log.getByText('delivered').first().waitFor();
    const [post] = slack.callsOf('chat.postMessage');
    const actions = post!.blocks!.find((block) => block.type === 'actions') as {
      elements: Array<{ value?: string }>;
    };
    const issueId = String(actions.elements[0]!.value).split(':')[1];
    slack.down(503);
    const resolved = await dexter.request(`/api/v1/organizations/${org}/issues/${issueId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'resolved' }),
    });
    expect(resolved.status).toBe(200);
    await (dexter.modules.get('chat')!.handle as ChatHandle).idle();
    await page.reload();
    const waiting = log.locator('tr', { hasText: 'Thread update' });
    await waiting.getByText('Slack answered HTTP 503').waitFor();
    expect(await waiting.textContent()).toMatch(/pending/);
    await page.screenshot({ path: join(artifactsDir, 'chat-routes-delivery-log.png'), fullPage: true });
    await log.screenshot({ path: join(artifactsDir, 'chat-delivery-log.png') });
    slack.up();
  });
});
