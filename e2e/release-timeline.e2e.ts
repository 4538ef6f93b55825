/**
 * The release timeline, a flagged deploy and release health in the browser, over data recorded
 * as a CI pipeline and SDKs record it (the built-in store's /api/0 and envelope endpoint): two
 * releases, deploys to staging and production, commits, sessions, and error events whose rate
 * doubles after the production deploy of the newer release. The regression check flags that
 * deploy; the timeline shows it as a red marker, a real click on the marker opens the deploy, and
 * the release page carries the notice, the health, the commits and the previous release.
 * Screenshots go to test-artifacts/.
 */
import { join } from 'node:path';
import { envelopeOf, newEventId, postEnvelope, testEvent } from '@dexter/store/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startTestDexter, type TestDexter } from '../apps/server/src/testing/test-dexter';
import { artifactsDir, launchBrowser } from './support/browser';
import { fillSignIn } from './support/sign-in';

const HOUR = 3_600_000;
const OLD = 'shop@1.4.0';
const NEW = 'shop@1.5.0';

let dexter: TestDexter;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let org: string;

async function api0(path: string, body: unknown, method = 'POST') {
  const { org: slug, token } = dexter.bootstrap!;
  const res = await fetch(`${dexter.url}/api/0/organizations/${slug}/${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
}

async function envelope(lines: string) {
  const project = dexter.bootstrap!.projects[0]!;
  const res = await postEnvelope(dexter.url, project.id, new URL(project.dsn).username, lines);
  expect(res.status).toBe(200);
}

/** `count` error events spread over the hour from `from`. */
async function errors(
  count: number,
  from: number,
  release: string,
  fingerprints: string[],
  environment = 'production',
) {
  for (let i = 0; i < count; i++) {
    const name = fingerprints[i % fingerprints.length]!;
    const event = {
      ...testEvent({ at: from + (i * HOUR) / count + 1_000, release, fingerprint: [name], value: name }),
      environment,
    };
    await envelope(envelopeOf(event));
  }
}

/** Session aggregates as @sentry/node sends them: `total` sessions in the hour from `at`, `crashed` of them crashed. */
async function sessions(release: string, at: number, total: number, crashed: number) {
  const header = JSON.stringify({ event_id: newEventId(), sent_at: new Date().toISOString() });
  const item = {
    aggregates: [{ started: new Date(at).toISOString(), exited: total - crashed, crashed }],
    attrs: { release, environment: 'production' },
  };
  await envelope([header, JSON.stringify({ type: 'sessions' }), JSON.stringify(item)].join('\n'));
}

beforeAll(async () => {
  dexter = await startTestDexter({ DEXTER_DEPLOY_CHECK_MS: '0' });
  org = dexter.bootstrap!.org;
  const project = dexter.bootstrap!.projects[0]!.id;
  const hour = Math.floor(Date.now() / HOUR) * HOUR;
  const deployAt = hour - 4 * HOUR + 30 * 60_000;

  await api0('releases/', {
    version: OLD,
    projects: [project],
    dateReleased: new Date(hour - 50 * HOUR).toISOString(),
  });
  await api0('releases/', {
    version: NEW,
    projects: [project],
    dateReleased: new Date(deployAt).toISOString(),
  });
  await api0(
    `releases/${encodeURIComponent(NEW)}/`,
    {
      commits: [
        {
          id: 'c3'.padEnd(40, 'a'),
          repository: 'shop',
          message: 'feat: one-click checkout',
          author_name: 'Ada Lovelace',
          author_email: 'ada@example.com',
        },
        {
          id: 'c2'.padEnd(40, 'b'),
          repository: 'shop',
          message: 'refactor: cart totals in cents',
          author_name: 'Grace Hopper',
          author_email: 'grace@example.com',
        },
      ],
    },
    'PUT',
  );
  const deploy = (version: string, environment: string, finished: number, name: string) =>
    api0(`releases/${encodeURIComponent(version)}/deploys/`, {
      environment,
      name,
      url: `https://ci.example.com/deploys/${name.replace(/\D/g, '')}`,
      dateStarted: new Date(finished - 6 * 60_000).toISOString(),
      dateFinished: new Date(finished).toISOString(),
    });
  await deploy(OLD, 'staging', hour - 52 * HOUR, 'staging #40');
  await deploy(OLD, 'production', hour - 50 * HOUR, 'prod #40');
  await deploy(NEW, 'staging', deployAt - 2 * HOUR, 'staging #41');
  await deploy(NEW, 'production', deployAt, 'prod #41');

  // Steady background under the old release, then twice the rate after the new production deploy.
  const old = ['CartError: total mismatch', 'TimeoutError: payment gateway'];
  for (let h = 12; h >= 6; h--) await errors(6, hour - h * HOUR, OLD, old);
  await errors(30, hour - 5 * HOUR, OLD, old);
  await errors(60, hour - 3 * HOUR, NEW, [...old, 'TypeError: cannot read "cents" of undefined']);
  await errors(8, hour - 2 * HOUR, NEW, old);
  await errors(5, hour - 7 * HOUR, NEW, ['StagingError: flaky fixture'], 'staging');
  for (let h = 10; h >= 5; h--) await sessions(OLD, hour - h * HOUR + 60_000, 200, 1);
  for (let h = 3; h >= 1; h--) await sessions(NEW, hour - h * HOUR + 60_000, 240, 9);
  await dexter.store!.admin.drain();

  const check = await dexter.request(`/api/v1/organizations/${org}/deploy-notices/check`, { method: 'POST' });
  expect(await check.json()).toMatchObject({ flagged: 1 });

  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  await page.goto(`${dexter.url}/${org}/releases`);
  await page.waitForURL(/\/sign-in/);
  await fillSignIn(page, 'admin', ADMIN_PASSWORD);
  await page.waitForURL(new RegExp(`/${org}/releases`));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await dexter?.close();
});

describe('release timeline in the browser', () => {
  it('lists the releases with health and the last deploy per environment under the timeline', async () => {
    await page.getByTestId('releases-table').waitFor();
    const row = page.locator(`[data-testid="release-row"][data-version="${NEW}"]`);
    expect(await row.getByTestId('deploy-environment').allTextContents()).toEqual(['production', 'staging']);
    expect(await row.getByTestId('release-crash-free-sessions').textContent()).toBe('96.25%');
    await page.getByTestId('deploy-marker').first().waitFor();
    expect(await page.getByTestId('timeline-flagged-count').textContent()).toBe('1 flagged');
    await page.screenshot({ path: join(artifactsDir, 'releases-timeline.png'), fullPage: true });
  });

  it('opens a deploy from its marker on the timeline, with the regression notice', async () => {
    const flagged = page.locator('[data-testid="deploy-marker"][data-flagged="true"]');
    expect(await flagged.count()).toBe(1);
    expect(await page.getByTestId('deploy-marker').count()).toBe(4);
    await flagged.click();
    const drawer = page.getByRole('dialog');
    await drawer.waitFor();
    expect(await drawer.getByRole('link', { name: NEW }).isVisible()).toBe(true);
    expect(await drawer.getByTestId('deploy-facts').textContent()).toContain('prod #41');
    const notice = drawer.getByTestId('deploy-notice');
    expect(await notice.textContent()).toMatch(/This deploy looks bad.*Error rate 2\.0×/);
    // The drawer slides in: let its transition end, or the picture catches it half-way.
    await page.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished)));
    await page.screenshot({ path: join(artifactsDir, 'releases-deploy-drawer.png') });

    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    const steady = page.locator('[data-testid="deploy-marker"][data-flagged="false"]').first();
    await steady.click();
    await page.getByRole('dialog').waitFor();
    expect(await page.getByRole('dialog').getByTestId('deploy-notice').textContent()).toMatch(
      /No regression detected|Not checked yet/,
    );
    await page.keyboard.press('Escape');
  });

  it('shows the release with its notice, health, new issues, commits and the previous release', async () => {
    await page.locator(`[data-testid="release-row"][data-version="${NEW}"]`).getByRole('link').click();
    await page.getByTestId('release-version').waitFor();
    expect(await page.getByTestId('release-flagged-notice').textContent()).toMatch(/This deploy looks bad/);
    await page.getByTestId('release-comparison').getByRole('link', { name: OLD }).waitFor();
    expect(await page.getByTestId('health-sessions').textContent()).toBe('720');
    expect(await page.getByTestId('release-new-issues').textContent()).toContain('cannot read "cents"');
    expect(await page.getByTestId('commit-author').allTextContents()).toEqual([
      'Ada Lovelace',
      'Grace Hopper',
    ]);
    expect(await page.getByTestId('deploy-check').allTextContents()).toEqual(
      expect.arrayContaining(['looks bad']),
    );
    await page.screenshot({ path: join(artifactsDir, 'release-detail-insights.png'), fullPage: true });
  });

  it('draws an issue’s events by release on its page', async () => {
    await page.getByTestId('release-new-issues').getByRole('link').first().click();
    await page.getByTestId('issue-timeline').waitFor();
    await page.getByTestId('issue-timeline').locator('canvas').waitFor();
    await page.screenshot({ path: join(artifactsDir, 'issue-timeline.png') });
  });
});
