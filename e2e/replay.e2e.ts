/**
 * Session replay end to end, with the real `@sentry/browser` and its `replayIntegration`
 * (replaysSessionSampleRate 1, text masked by default) bundled here by esbuild into a tiny shop
 * page whose DSN points at Dexter's built-in store. Chromium opens the shop, clicks around, types
 * into a field, fetches a price and clicks "Pay", which throws; the SDK records the session and
 * captures the error tagged with the replay. The store holds the replay linked to the error; the
 * issue page lists it under "Replays with this error"; the player page replays it with rrweb's
 * player, the error marked on the timeline, and the recorded page's text still masked.
 * Screenshots in test-artifacts/: replay-player.png, replay-issue-panel.png, replay-list.png.
 */
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReplayList } from '@dexter/contracts';
import { storeDatabaseIn } from '@dexter/store/testing';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startTestDexter, type TestDexter } from '../apps/server/src/testing/test-dexter';
import { artifactsDir, launchBrowser } from './support/browser';
import { fillSignIn } from './support/sign-in';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

const SHOP_SCRIPT = (dsn: string) => `
import * as Sentry from '@sentry/browser';
Sentry.init({
  dsn: ${JSON.stringify(dsn)},
  release: 'shop@2.0.0',
  environment: 'e2e',
  integrations: [Sentry.replayIntegration()],
  replaysSessionSampleRate: 1,
  replaysOnErrorSampleRate: 1,
});
window.flushReplay = () => Sentry.getReplay().flush();
window.replayId = () => Sentry.getReplay().getReplayId();
document.getElementById('add').addEventListener('click', () => {
  document.getElementById('cart').textContent = 'Cart: 1 item (Blue mug)';
  console.log('added the blue mug');
});
document.getElementById('price').addEventListener('click', async () => {
  const res = await fetch('/api/price');
  document.getElementById('total').textContent = 'Total: ' + (await res.json()).total;
});
document.getElementById('pay').addEventListener('click', () => {
  throw new Error('Payment failed: card declined');
});
`;

const SHOP_HTML = `<!doctype html><html><head><meta charset="utf-8"><title>Mug shop</title>
<style>body{font:16px sans-serif;margin:40px}button{margin:8px;padding:8px 16px}</style></head>
<body><h1 style="color: rgb(10, 120, 200)">Mug shop checkout</h1><p id="cart">Cart: empty</p><p id="total">Total: unknown</p>
<label>Card holder <input id="holder"></label><br>
<button id="add">Add to cart</button><button id="price">Get price</button><button id="pay">Pay now</button>
<script src="/app.js"></script></body></html>`;

let dexter: TestDexter;
let shop: Server;
let shopUrl: string;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let replayId: string;
let issueId: string;
let projectId: string;
const refusedByCsp: string[] = [];

beforeAll(async () => {
  dexter = await startTestDexter(
    process.env.DEXTER_WEB_DIST ? { DEXTER_WEB_DIST: process.env.DEXTER_WEB_DIST } : {},
  );
  const project = await dexter.store!.admin.ensureProject(dexter.bootstrap!.org, 'shop', dexter.url);
  projectId = project.id;
  const bundle = await build({
    stdin: { contents: SHOP_SCRIPT(project.dsn), resolveDir: repoRoot, loader: 'js' },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
  });
  const script = bundle.outputFiles[0]!.text;
  shop = createServer((request, response) => {
    if (request.url === '/app.js') response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else if (request.url === '/api/price')
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"total":"12.50 EUR"}');
    else response.writeHead(200, { 'content-type': 'text/html' }).end(SHOP_HTML);
  });
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
  const address = shop.address();
  shopUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.on('console', (message) => {
    if (/Content Security Policy/.test(message.text())) refusedByCsp.push(message.text());
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => shop?.close(resolve));
  await dexter?.close();
});

describe('session replay', () => {
  it('records a session with a thrown error in Chromium; the store links the replay to the error', async () => {
    await page.goto(shopUrl);
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { replayId(): string | undefined }).replayId()))
      .toMatch(/^[0-9a-f]{32}$/);
    replayId = await page.evaluate(() => (window as unknown as { replayId(): string }).replayId());
    await page.click('#add');
    await page.fill('#holder', 'Ada Lovelace');
    await page.click('#price');
    await page.getByText('Total: 12.50 EUR').waitFor();
    await page.waitForTimeout(500);
    await page.click('#pay');
    await page.waitForTimeout(500);
    await page.evaluate(() => (window as unknown as { flushReplay(): Promise<void> }).flushReplay());

    const db = storeDatabaseIn(dexter.dataDir);
    await expect
      .poll(
        async () => {
          const row = await db
            .selectFrom('events')
            .select(['issue_id', 'event_id'])
            .where('project_id', '=', Number(projectId))
            .executeTakeFirst();
          const count = await fetch(
            `${dexter.url}/api/0/organizations/${dexter.bootstrap!.org}/replay-count/?query=issue.id:${row?.issue_id ?? 0}`,
            { headers: { authorization: `Bearer ${dexter.bootstrap!.token}` } },
          ).then((res) => res.json() as Promise<Record<string, number>>);
          if (row) issueId = String(row.issue_id);
          return row ? count[String(row.issue_id)] : 0;
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(1);
    // The segment really came zlib-compressed from the SDK's worker and is stored whole.
    const viewer = await dexter.clientAs('viewer');
    const list = (await (
      await viewer.request(`/api/v1/organizations/${dexter.bootstrap!.org}/replays?issueId=${issueId}`)
    ).json()) as ReplayList;
    expect(list.replays.map((replay) => replay.id)).toEqual([replayId]);
    expect(list.replays[0]!.countErrors).toBe(1);
    expect(list.replays[0]!.browser).toMatch(/Chrome/);
  });

  it("plays the replay from the issue page with the error marked, and the shop's text masked", async () => {
    const org = dexter.bootstrap!.org;
    await page.goto(`${dexter.url}/${org}/issues/${issueId}`);
    await page.waitForURL(/\/sign-in/);
    await fillSignIn(page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(new RegExp(`/${org}/issues/${issueId}$`));

    const panel = page.getByTestId('issue-replays');
    await panel.getByTestId('replay-row').first().waitFor();
    expect(await panel.getByTestId('replay-row').count()).toBe(1);
    await panel.screenshot({ path: join(artifactsDir, 'replay-issue-panel.png') });
    await panel.getByRole('link').first().click();
    await page.waitForURL(new RegExp(`/${org}/replays/${replayId}$`));

    // rrweb's player with the recorded page inside its iframe.
    const frame = page.frameLocator('[data-testid="replay-player"] iframe');
    await frame.locator('body').waitFor({ state: 'attached' });
    // The timeline: the click, the request and the error, marked in red.
    await page.getByTestId('timeline-click').first().waitFor();
    await page.getByTestId('timeline-network').first().waitFor();
    const error = page.getByTestId('timeline-error');
    await expect.poll(() => error.count()).toBe(1);
    expect(await error.textContent()).toMatch(/Payment failed: card declined/);
    expect(await page.locator('[data-testid="replay-strip"] [data-kind="error"]').count()).toBe(1);
    // rrweb-player's own progress bar carries the error's mark too.
    expect(await page.locator('.rr-progress div[title="error"]').count()).toBe(1);

    // Seek to the error: the page as it was then, its text masked as the SDK recorded it.
    await error.click();
    await expect
      .poll(async () => (await frame.locator('body').textContent()) ?? '', { timeout: 10_000 })
      .toMatch(/\*{3}/);
    const shown = (await frame.locator('body').textContent()) ?? '';
    expect(shown).not.toMatch(/Mug shop|Blue mug|Ada Lovelace|Payment/);
    // The recorded page's style sheet and style attributes apply inside the player, under the
    // page's CSP (no 'unsafe-inline' for style elements), and no style was refused. The one
    // refusal left alone is an empty `<style>` in the player's own fullscreen icon, set through
    // innerHTML (so parser-inserted, which the policy rightly refuses); empty, it styles nothing.
    expect(await frame.locator('body').evaluate((body) => getComputedStyle(body).marginLeft)).toBe('40px');
    expect(await frame.locator('h1').evaluate((h1) => getComputedStyle(h1).color)).toBe('rgb(10, 120, 200)');
    const EMPTY_STYLE_HASH = 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=';
    expect(refusedByCsp.filter((refusal) => !refusal.includes(EMPTY_STYLE_HASH))).toEqual([]);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(artifactsDir, 'replay-player.png'), fullPage: true });
  });

  it("lists the project's replays", async () => {
    const org = dexter.bootstrap!.org;
    await page.goto(`${dexter.url}/${org}/replays?project=${projectId}`);
    await page.getByTestId('replay-row').first().waitFor();
    expect(await page.getByTestId('replay-row').count()).toBe(1);
    await page.screenshot({ path: join(artifactsDir, 'replay-list.png'), fullPage: true });
  });
});
