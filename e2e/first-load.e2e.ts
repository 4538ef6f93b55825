/**
 * The first load of the stream, in the browser (issue 22): a signed-out visitor's page asks the API
 * for nothing before sending them to sign in; a signed-in user's page makes one boot read and one
 * issues read, started by the page's inline script while the bundles load, and none of the chain
 * it replaced (session, meta, organizations, projects, views). Assets arrive brotli-compressed and
 * immutable; the page is never stored; the strict CSP sees no violation. Screenshot in test-artifacts/.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SpawnedDexter, spawnDexter } from '../apps/server/src/testing/spawn-dexter';
import { artifactsDir, launchBrowser } from './support/browser';
import { runSdkError } from './support/sdk-error';
import { firstSignIn } from './support/sign-in';

let dexter: SpawnedDexter;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
const dataDir = mkdtempSync(join(tmpdir(), 'dexter-e2e-first-load-'));
const cspViolations: string[] = [];
const REPLACED_CHAIN =
  /\/api\/v1\/(auth\/session|meta|organizations|organizations\/[^/]+\/(projects|views))(\?|$)/;

beforeAll(async () => {
  dexter = await spawnDexter({ DEXTER_DATA_DIR: dataDir });
  const { projects } = JSON.parse(readFileSync(join(dataDir, 'bootstrap.json'), 'utf8')) as {
    projects: Array<{ dsn: string }>;
  };
  await runSdkError(projects[0]!.dsn, 'first-load', 'first load error', 2);
  browser = await launchBrowser();
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await dexter?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Opens `path` in a new tab and records every API request and every response of the load. */
async function openRecorded(path: string) {
  const page = await browser.context.newPage();
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  const api: string[] = [];
  const responses: Response[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/')) api.push(`${url.pathname}${url.search}`);
  });
  page.on('response', (response) => responses.push(response));
  await page.goto(`${dexter.url}${path}`);
  return { page, api, responses };
}

const firstRow = (page: Page) => page.getByTestId('issue-row').first().waitFor({ timeout: 30_000 });

describe('first load of the stream', () => {
  it('asks the API for nothing for a signed-out visitor, who goes to sign in', async () => {
    const { page, api } = await openRecorded('/dexter/issues');
    await page.waitForURL(/\/sign-in/);
    await page.getByTestId('sign-in-submit').waitFor();
    expect(api.filter((path) => path.startsWith('/api/v1/boot'))).toEqual([]);
    await firstSignIn(page, dataDir);
    await firstRow(page);
    await page.close();
  });

  it('reads boot and the first page once each, and nothing of the chain they replace', async () => {
    const { page, api, responses } = await openRecorded('/dexter/issues');
    await firstRow(page);
    await page.screenshot({ path: join(artifactsDir, 'first-load-stream.png') });
    const issues = '/api/v1/organizations/dexter/issues?query=is%3Aunresolved&sort=date&limit=50';
    expect(api.filter((path) => path === '/api/v1/boot?org=dexter')).toHaveLength(1);
    expect(api.filter((path) => path === issues)).toHaveLength(1);
    expect(api.filter((path) => REPLACED_CHAIN.test(path))).toEqual([]);
    // Both were asked before any script of the app ran: they come first.
    expect(api.slice(0, 2).sort()).toEqual(['/api/v1/boot?org=dexter', issues]);

    const documentResponse = responses.find((r) => r.request().resourceType() === 'document');
    expect(documentResponse?.headers()['cache-control']).toBe('no-store');
    const scripts = responses.filter((r) => /\/assets\/.+\.js$/.test(new URL(r.url()).pathname));
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) {
      expect(script.headers()['cache-control']).toContain('immutable');
    }
    const vendor = scripts.find((r) => /\/assets\/vendor-/.test(r.url()));
    expect(vendor?.headers()['content-encoding']).toBe('br');
    await page.close();
  });

  it('ran under the strict CSP without a violation', () => {
    expect(cspViolations).toEqual([]);
  });
});
