/**
 * Source maps on the issue page, in the browser: a minified bundle's map uploaded to the built-in
 * store as sentry-cli uploads it, an error from that bundle, and the stack trace shows the
 * original file, function and source line, with the minified frames one click away ("Minified").
 * Screenshots go to test-artifacts/.
 */
import { join } from 'node:path';
import {
  envelopeOf,
  newEventId,
  postEnvelope,
  type StoreApi,
  uploadBundle,
  zipBundle,
} from '@dexter/store/testing';
import { transform } from 'esbuild';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startTestDexter, type TestDexter } from '../apps/server/src/testing/test-dexter';
import { artifactsDir, launchBrowser } from './support/browser';
import { fillSignIn } from './support/sign-in';

const SOURCE = `export function applyCoupon(total: number, code: string): number {
  if (!code.startsWith('SAVE')) {
    throw new TypeError('unknown coupon ' + code);
  }
  return total * 0.9;
}
`;
const DEBUG_ID = '0b6e1f3a-2c4d-4e5f-8a9b-1c2d3e4f5a6b';
const SCRIPT_URL = 'https://shop.example/assets/coupon.min.js';

let dexter: TestDexter;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;

beforeAll(async () => {
  dexter = await startTestDexter();
  const { org, token, projects } = dexter.bootstrap!;
  const project = projects[0]!;
  const store: StoreApi = {
    org,
    projectId: project.id,
    api: (path, init) =>
      fetch(`${dexter.listenUrl}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, ...(init?.headers ?? {}) },
      }),
  };
  const built = await transform(SOURCE, {
    loader: 'ts',
    minify: true,
    sourcemap: 'external',
    sourcefile: 'src/coupon.ts',
  });
  const zip = zipBundle([
    {
      url: '~/assets/coupon.min.js',
      type: 'minified_source',
      content: built.code,
      headers: { 'debug-id': DEBUG_ID },
    },
    {
      url: '~/assets/coupon.min.js.map',
      type: 'source_map',
      content: built.map,
      headers: { 'debug-id': DEBUG_ID },
    },
  ]);
  expect((await uploadBundle(store, zip)).body.state).toBe('ok');

  const event = {
    event_id: newEventId(),
    timestamp: Date.now() / 1000,
    platform: 'javascript',
    release: 'shop@3.1.0',
    exception: {
      values: [
        {
          type: 'TypeError',
          value: 'unknown coupon WELCOME',
          stacktrace: {
            frames: [
              {
                filename: SCRIPT_URL,
                abs_path: SCRIPT_URL,
                function: 'o',
                lineno: 1,
                colno: built.code.indexOf('throw') + 1,
                in_app: true,
              },
            ],
          },
        },
      ],
    },
    debug_meta: { images: [{ type: 'sourcemap', code_file: SCRIPT_URL, debug_id: DEBUG_ID }] },
  };
  const publicKey = new URL(project.dsn).username;
  expect((await postEnvelope(dexter.url, project.id, publicKey, envelopeOf(event))).status).toBe(200);

  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await dexter?.close();
});

describe('source-mapped stack traces in the browser', () => {
  it('shows the original file, function and source line of a minified error', async () => {
    await page.goto(`${dexter.url}/${dexter.bootstrap!.org}/issues`);
    await page.waitForURL(/\/sign-in/);
    await fillSignIn(page, 'admin', ADMIN_PASSWORD);
    const row = page.getByTestId('issue-row').filter({ hasText: 'TypeError' }).first();
    await row.click();
    await page.waitForURL(/\/issues\/\d+/);
    const trace = page.getByTestId('stack-trace');
    await trace.getByTestId('frame').first().waitFor();
    const frame = trace.getByTestId('frame').first();
    expect(await frame.textContent()).toContain('applyCoupon');
    expect(await frame.textContent()).toContain('src/coupon.ts');
    expect(await trace.textContent()).toContain("throw new TypeError('unknown coupon ' + code);");
    await page.screenshot({ path: join(artifactsDir, 'issue-source-mapped.png'), fullPage: true });
  });

  it('shows the minified frames one click away, and the original ones again', async () => {
    const trace = page.getByTestId('stack-trace');
    await page.getByText('Minified', { exact: true }).click();
    await expect.poll(() => trace.getByTestId('frame').first().textContent()).toContain('coupon.min.js');
    expect(await trace.textContent()).not.toContain('applyCoupon');
    await page.screenshot({ path: join(artifactsDir, 'issue-minified-frames.png'), fullPage: true });
    await page.getByText('Original', { exact: true }).click();
    await expect.poll(() => trace.getByTestId('frame').first().textContent()).toContain('applyCoupon');
  });
});
