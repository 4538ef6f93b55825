/**
 * The release pages in the browser, over releases and deploys recorded as a CI pipeline records
 * them (the built-in store's /api/0 with the bootstrap token): the list with its deploy badges, the
 * version-prefix filter kept in the URL, a release with its deploys, and an unknown version.
 * Screenshots go to test-artifacts/.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startTestDexter, type TestDexter } from '../apps/server/src/testing/test-dexter';
import { artifactsDir, launchBrowser } from './support/browser';
import { fillSignIn } from './support/sign-in';

let dexter: TestDexter;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let org: string;

const WEB = 'web@2.0.0+build.7';
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

async function api0(path: string, body: unknown): Promise<void> {
  expect((await dexter.storePost(`releases/${path}`, body)).status).toBe(201);
}

beforeAll(async () => {
  dexter = await startTestDexter();
  org = dexter.bootstrap!.org;
  const project = dexter.bootstrap!.projects[0]!.id;
  await api0('', { version: 'api@1.0.0', projects: [project], dateReleased: hoursAgo(72) });
  await api0('', { version: 'api@1.1.0', projects: [project] });
  await api0('', { version: WEB, projects: [project], dateReleased: hoursAgo(5) });
  await api0(`${encodeURIComponent('api@1.0.0')}/deploys/`, {
    environment: 'staging',
    dateStarted: hoursAgo(71),
    dateFinished: hoursAgo(70),
  });
  const web = encodeURIComponent(WEB);
  await api0(`${web}/deploys/`, {
    environment: 'staging',
    name: 'staging #41',
    dateStarted: hoursAgo(4.2),
    dateFinished: hoursAgo(4),
  });
  await api0(`${web}/deploys/`, {
    environment: 'production',
    name: 'prod #7',
    url: 'https://ci.example.com/deploys/7',
    dateStarted: hoursAgo(2.1),
    dateFinished: hoursAgo(2),
  });
  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await dexter?.close();
});

const rowVersions = () =>
  page.getByTestId('release-row').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.version));

describe('release pages in the browser', () => {
  it('lists the releases newest first, with the last deploy per environment and the deploy count', async () => {
    await page.goto(`${dexter.url}/${org}/issues`);
    await page.waitForURL(/\/sign-in/);
    await fillSignIn(page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(new RegExp(`/${org}/issues`));
    await page.getByTestId('nav-releases').click();
    await page.waitForURL(new RegExp(`/${org}/releases$`));
    await page.getByTestId('releases-table').waitFor();
    expect(await rowVersions()).toEqual([WEB, 'api@1.1.0', 'api@1.0.0']);

    const web = page.locator(`[data-testid="release-row"][data-version="${WEB}"]`);
    // The last deploy per environment, newest first.
    expect(await web.getByTestId('deploy-environment').allTextContents()).toEqual(['production', 'staging']);
    expect(await web.getByTestId('release-last-deploy').textContent()).toMatch(/2h ago/);
    const unfinalized = page.locator('[data-testid="release-row"][data-version="api@1.1.0"]');
    expect(await unfinalized.getByTestId('release-status').textContent()).toBe('not finalized');
    await page.screenshot({ path: join(artifactsDir, 'releases-list.png'), fullPage: true });
  });

  it('filters by version prefix and keeps the filter in the URL', async () => {
    await page.getByTestId('releases-search').fill('api@');
    await page.waitForURL(/\?query=api%40$/);
    await expect.poll(rowVersions).toEqual(['api@1.1.0', 'api@1.0.0']);
    await page.reload();
    await page.getByTestId('releases-table').waitFor();
    expect(await page.getByTestId('releases-search').inputValue()).toBe('api@');
    expect(await rowVersions()).toEqual(['api@1.1.0', 'api@1.0.0']);

    await page.getByTestId('releases-search').fill('nothing-like-this');
    await page.getByTestId('empty-state').waitFor();
    expect(await page.getByTestId('empty-state').textContent()).toMatch(/No matching releases/);
  });

  it('opens a release with its facts and its deploys', async () => {
    await page.getByTestId('releases-search').fill('web');
    await page.getByRole('link', { name: WEB }).click();
    await page.waitForURL(new RegExp(`/releases/${encodeURIComponent(WEB).replace(/[+.]/g, '\\$&')}$`));
    expect(await page.getByTestId('release-version').textContent()).toBe(WEB);
    expect(await page.getByTestId('release-status').textContent()).toBe('finalized');
    expect(await page.getByTestId('release-facts').textContent()).toMatch(/Commits0/);
    const rows = page.getByTestId('deploy-row');
    expect(await rows.count()).toBe(2);
    expect(await rows.getByTestId('deploy-environment').allTextContents()).toEqual(
      expect.arrayContaining(['production', 'staging']),
    );
    const link = page.getByRole('link', { name: 'https://ci.example.com/deploys/7' });
    expect(await link.getAttribute('href')).toBe('https://ci.example.com/deploys/7');
    await page.screenshot({ path: join(artifactsDir, 'release-detail.png'), fullPage: true });
  });

  it('says so for a version that does not exist', async () => {
    await page.goto(`${dexter.url}/${org}/releases/${encodeURIComponent('no@such+version')}`);
    await page.getByTestId('empty-state').waitFor();
    expect(await page.getByTestId('empty-state').textContent()).toMatch(/Release not found/);
  });
});
