/**
 * Suspect commits on the issue page, in the browser: a release whose commits are set as
 * `sentry-cli releases set-commits` sends them (the built-in store's /api/0 with the bootstrap
 * token), an error of that release sent as an SDK sends it, then the issue page's "Suspect
 * commits" panel names the commit that touched the crashing frame's file; an issue whose release
 * has no such commit says so. Screenshot in test-artifacts/.
 */
import { join } from 'node:path';
import { envelopeOf, postEnvelope, storeDatabaseIn, testEvent } from '@dexter/store/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startTestDexter, type TestDexter } from '../apps/server/src/testing/test-dexter';
import { artifactsDir, launchBrowser } from './support/browser';
import { fillSignIn } from './support/sign-in';

let dexter: TestDexter;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let org: string;
const issues: Record<string, string> = {};

const FIX = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
/** Sign-in hashes a password: on a loaded 2-core machine the first page can take longer than 30 s. */
const SLOW = 60_000;
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

/** One error of `release` (frames `/app/src/server.js`, then the crash in `/app/src/orders.js`). */
async function sendError(name: string, release: string): Promise<string> {
  const project = dexter.bootstrap!.projects[0]!;
  const event = testEvent({ fingerprint: [name], value: `${name} failed`, release });
  const res = await postEnvelope(dexter.url, project.id, new URL(project.dsn).username, envelopeOf(event));
  expect(res.status).toBe(200);
  const row = await storeDatabaseIn(dexter.dataDir)
    .selectFrom('events')
    .select('issue_id')
    .where('event_id', '=', event.event_id)
    .executeTakeFirstOrThrow();
  return String(row.issue_id);
}

async function releaseWithCommits(version: string, commits: unknown[]) {
  const { token, projects } = dexter.bootstrap!;
  expect((await dexter.storePost('releases/', { version, projects: [projects[0]!.id] })).status).toBe(201);
  const res = await fetch(
    `${dexter.url}/api/0/organizations/${org}/releases/${encodeURIComponent(version)}/`,
    {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ commits }),
    },
  );
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  dexter = await startTestDexter();
  org = dexter.bootstrap!.org;
  await releaseWithCommits('shop@2.4.0', [
    {
      id: FIX,
      repository: 'acme/shop',
      message: 'Round order totals once, at checkout\n\nThe cart rounded each line too.',
      author_name: 'Ada Lovelace',
      author_email: 'ada@example.com',
      timestamp: daysAgo(2),
      patch_set: [
        { path: 'src/orders.js', type: 'M' },
        { path: 'test/orders.test.js', type: 'M' },
      ],
    },
    {
      id: 'ffee'.padEnd(40, '0'),
      repository: 'acme/shop',
      message: 'Update the README',
      author_name: 'Grace Hopper',
      author_email: 'grace@example.com',
      timestamp: daysAgo(3),
      patch_set: [{ path: 'README.md', type: 'M' }],
    },
  ]);
  await releaseWithCommits('docs@1.0.0', [
    {
      id: 'd0c5'.padEnd(40, '0'),
      repository: 'acme/docs',
      message: 'Typos',
      patch_set: [{ path: 'index.md', type: 'M' }],
    },
  ]);
  issues.suspect = await sendError('checkout-total', 'shop@2.4.0');
  issues.none = await sendError('docs-render', 'docs@1.0.0');
  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await dexter?.close();
});

describe('suspect commits in the browser', () => {
  it('shows the commit that touched the crashing frame’s file, with its author and repository', async () => {
    await page.setViewportSize({ width: 1440, height: 1000 });
    await page.goto(`${dexter.url}/${org}/issues/${issues.suspect}`);
    await page.waitForURL(/\/sign-in/);
    await fillSignIn(page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(new RegExp(`/${org}/issues/${issues.suspect}$`), { timeout: SLOW });
    const panel = page.getByRole('region', { name: 'Suspect commits' });
    const commit = panel.getByRole('article', { name: `Commit ${FIX.slice(0, 7)}` });
    await commit.waitFor({ timeout: SLOW });
    expect(await panel.getByRole('article').count()).toBe(1);
    const text = await commit.textContent();
    expect(text).toContain('Round order totals once, at checkout');
    expect(text).not.toContain('The cart rounded');
    expect(text).toContain('a1b2c3d');
    expect(text).toContain('Ada Lovelace');
    expect(text).toContain('2d ago');
    expect(text).toContain('in acme/shop');
    expect(text).toContain('changed src/orders.js');
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifactsDir, 'issue-suspect-commits.png'), fullPage: true });
  });

  it('says so when no commit of the release touched the stack trace’s files', async () => {
    await page.goto(`${dexter.url}/${org}/issues/${issues.none}`);
    const panel = page.getByRole('region', { name: 'Suspect commits' });
    await panel.getByText(/No suspect commits/).waitFor({ timeout: SLOW });
    expect(await panel.getByRole('article').count()).toBe(0);
  });
});
