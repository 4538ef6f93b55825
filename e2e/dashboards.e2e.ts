/**
 * Discover to a dashboard in the browser, on a standalone Dexter fed with envelopes: the builder
 * makes a query and its chart shows; it is saved under a name (the saved-query list has it, with
 * its owner); it goes on the `#triage` team's default dashboard as a bar chart; there the widget
 * is dragged by its title to the other half of the row, and the dashboard as stored has the
 * widget's new place; "Edit in Discover" opens the builder on the widget's query and saves the
 * changed query back into it; "Open in Discover" from the widget opens the query under the dashboard's
 * period; the team board's alert-status widget lists a rule and its environment is picked from
 * the organization's; the dashboards list has the team's board. Screenshots of Discover with the saved query,
 * the team dashboard and the list.
 */
import { join } from 'node:path';
import type { Dashboard, DashboardList, SavedQueryList } from '@dexter/contracts';
import { envelopeOf, postEnvelope, testEvent } from '@dexter/store/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startTestDexter, type TestDexter } from '../apps/server/src/testing/test-dexter';
import { artifactsDir, launchBrowser } from './support/browser';
import { fillSignIn } from './support/sign-in';

const HOUR = 3_600_000;
let dexter: TestDexter;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let org: string;

beforeAll(async () => {
  dexter = await startTestDexter();
  org = dexter.bootstrap!.org;
  const project = dexter.bootstrap!.projects[0]!;
  for (let i = 0; i < 30; i++) {
    const event = testEvent({
      at: Date.now() - (i % 24) * HOUR - 60_000,
      fingerprint: [`bug-${i % 4}`],
      environment: i % 3 === 0 ? 'staging' : 'production',
      tags: { shard: `s${i % 3}` },
      userId: `u${i % 6}`,
    });
    const res = await postEnvelope(dexter.url, project.id, new URL(project.dsn).username, envelopeOf(event));
    expect(res.status).toBe(200);
  }
  // A rule for the team board's alert-status widget.
  const rule = await dexter.request(`/api/v1/organizations/${org}/projects/${project.slug}/alert-rules`, {
    method: 'POST',
    body: JSON.stringify({
      name: 'More than 2 in a minute',
      triggers: [{ type: 'frequency', value: 2, window: '1m' }],
      filters: [],
      actions: [{ type: 'in_app' }],
      actionIntervalMinutes: 30,
    }),
  });
  expect(rule.status).toBe(201);
  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await dexter?.close();
});

const api = async <T>(path: string): Promise<T> =>
  (await (await dexter.request(`/api/v1/organizations/${org}${path}`)).json()) as T;

describe('dashboards', () => {
  it('builds a query, saves it, puts it on a team dashboard and drags the widget', async () => {
    await page.goto(`${dexter.url}/${org}/discover`);
    await page.waitForURL(/\/sign-in/);
    await fillSignIn(page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(new RegExp(`/${org}/discover`));

    // The builder: fields one per line, then Run; the chart of count() draws.
    await page.getByLabel('Fields (one per line)').fill('shard\ncount()');
    await page.getByRole('button', { name: 'Run' }).click();
    await page.waitForURL(/field=shard/);
    await page.getByRole('region', { name: 'Chart of count()' }).locator('canvas').first().waitFor();
    await page.locator('table[aria-label="Results"] tbody tr[aria-rowindex]').first().waitFor();

    // Save it under a name: the URL names the saved query, the list has it with its owner.
    await page.getByRole('button', { name: 'Save as…' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill('Events by shard');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/saved=\d+/);
    const saved = (await api<SavedQueryList>('/discover/saved')).queries;
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ name: 'Events by shard', owner: { name: 'admin' } });
    expect(saved[0]?.query).toContain('field=shard&field=count()');
    await expect
      .poll(() => page.getByRole('combobox', { name: 'Saved queries' }).inputValue())
      .toContain('Events by shard');
    await page.screenshot({ path: join(artifactsDir, 'discover-saved-query.png'), fullPage: true });

    // On the #triage team's default dashboard, as a bar chart.
    await page.getByRole('button', { name: 'Add to dashboard…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'Dashboard' }).click();
    await page.getByRole('option', { name: /#triage overview/ }).click();
    await dialog.getByRole('combobox', { name: 'Display' }).click();
    await page.getByRole('option', { name: 'Bar chart' }).click();
    await dialog.getByRole('button', { name: 'Add widget' }).click();
    await page.waitForURL(new RegExp(`/${org}/dashboards/\\d+$`));
    const dashboardId = Number(new URL(page.url()).pathname.split('/').pop());

    const stored = async () => (await api<Dashboard>(`/dashboards/${dashboardId}`)).widgets;
    const before = (await stored()).find((w) => w.title === 'Events by shard')!;
    expect(before).toMatchObject({ kind: 'bar', layout: { x: 0, w: 6 } });
    expect((await api<DashboardList>('/dashboards')).dashboards.find((d) => d.id === dashboardId)?.team).toBe(
      'triage',
    );

    const widget = page.getByRole('region', { name: 'Widget Events by shard' });
    await widget.locator('canvas').first().waitFor();
    await page.getByRole('region', { name: 'Widget Events over time' }).locator('canvas').first().waitFor();
    await page
      .getByRole('region', { name: 'Widget New issues this week' })
      .getByRole('link')
      .first()
      .waitFor();

    // Drag it by its title to the right half of its row.
    const handle = widget.getByText('Events by shard', { exact: true });
    await handle.scrollIntoViewIfNeeded();
    const box = (await handle.boundingBox())!;
    const grid = (await page.getByTestId('dashboard-grid').boundingBox())!;
    await page.mouse.move(box.x + 20, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + 20 + grid.width / 4, box.y + box.height / 2, { steps: 8 });
    await page.mouse.move(box.x + 20 + grid.width / 2, box.y + box.height / 2, { steps: 8 });
    await page.mouse.up();
    await expect.poll(async () => (await stored()).find((w) => w.id === before.id)?.layout.x).toBe(6);
    const after = (await stored()).find((w) => w.id === before.id)!;
    expect(after.layout).not.toEqual(before.layout);
    expect(after.layout.w).toBe(6);

    // A fresh load shows the widget where it was dropped.
    await page.reload();
    await page.getByRole('region', { name: 'Widget Events by shard' }).locator('canvas').first().waitFor();
    await page.getByRole('region', { name: 'Widget Releases and their health' }).waitFor();
    await page
      .getByRole('region', { name: 'Widget Alerts and their last firings' })
      .getByText('More than 2 in a minute')
      .waitFor();
    // The environment is picked from the organization's and stored with the board.
    await page.getByLabel('Environment').first().click();
    await page.getByRole('option', { name: 'production' }).click();
    await expect
      .poll(async () => (await api<Dashboard>(`/dashboards/${dashboardId}`)).environment)
      .toBe('production');
    await page.screenshot({ path: join(artifactsDir, 'dashboard-team.png'), fullPage: true });

    // "Edit in Discover" opens the builder on the widget's query; Save to widget stores the new one.
    await page.getByRole('button', { name: 'Actions of Events by shard' }).click();
    await page.getByRole('menuitem', { name: 'Edit in Discover' }).click();
    await page.waitForURL(/\/discover\?.*widget=\d+(%3A|:)/);
    await page.getByText('Editing the widget “Events by shard”').waitFor();
    await page.getByLabel('Fields (one per line)').fill('shard\ncount_unique(user)');
    await page.getByLabel('Sort').fill('-count_unique(user)');
    await page.getByRole('button', { name: 'Run' }).click();
    await page.waitForURL(/count_unique/);
    expect(new URL(page.url()).searchParams.get('widget')).toBe(`${dashboardId}:${before.id}`);
    await page.getByRole('button', { name: 'Save to widget' }).click();
    await page.waitForURL(new RegExp(`/${org}/dashboards/${dashboardId}$`));
    const edited = (await stored()).find((w) => w.id === before.id)!;
    expect(edited.query).toContain('field=shard&field=count_unique(user)');
    expect(edited.layout).toEqual(after.layout);

    // "Open in Discover" runs the widget's query under the dashboard's period.
    await page.getByRole('button', { name: 'Actions of Events by shard' }).click();
    await page.getByRole('menuitem', { name: 'Open in Discover' }).click();
    await page.waitForURL(new RegExp(`/${org}/discover\\?field=shard`));
    expect(new URL(page.url()).searchParams.get('statsPeriod')).toBe('14d');
    await page.locator('table[aria-label="Results"] tbody tr[aria-rowindex]').first().waitFor();

    // The list: the team's dashboard under its heading, reached from the navigation.
    await page.getByTestId('nav-dashboards').click();
    await page.waitForURL(new RegExp(`/${org}/dashboards$`));
    await page.getByRole('link', { name: '#triage overview' }).waitFor();
    await expect.poll(() => page.getByText('7 widgets', { exact: false }).count()).toBe(1);
    await page.screenshot({ path: join(artifactsDir, 'dashboards-list.png'), fullPage: true });

    // A new team dashboard for #triage, from the list's form: it opens empty.
    await page.getByRole('button', { name: 'New dashboard' }).click();
    const form = page.getByRole('dialog');
    await form.getByLabel('Name').fill('Triage on call');
    await form.getByText('Team', { exact: true }).click();
    await form.getByRole('combobox', { name: 'Team' }).click();
    await page.getByRole('option', { name: /#triage/ }).click();
    await form.getByRole('button', { name: 'Create' }).click();
    await page.getByText('No widgets yet').waitFor();
    const created = (await api<DashboardList>('/dashboards')).dashboards.find(
      (d) => d.name === 'Triage on call',
    );
    expect(created).toMatchObject({ scope: 'team', team: 'triage', owner: { name: 'admin' } });
  });
});
