/**
 * The demo dashboard is accepted by the dashboards service (every widget's Discover query passes
 * the store's query model) and shows, owned by the admin, among the organization's dashboards.
 */
import type { DashboardList } from '@dexter/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDexter, type TestDexter } from '../testing/test-dexter';
import { DEMO_DASHBOARD, seedDemoDashboard } from './demo-dashboard';

let dexter: TestDexter;
beforeAll(async () => {
  dexter = await startTestDexter();
});
afterAll(() => dexter.close());

describe('demo dashboard', () => {
  it('is stored for the organization with every widget, owned by the admin', async () => {
    const org = dexter.bootstrap!.org;
    await seedDemoDashboard(dexter.platform.db, org);
    const res = await dexter.request(`/api/v1/organizations/${org}/dashboards`);
    const { dashboards } = (await res.json()) as DashboardList;
    const demo = dashboards.find((d) => d.name === DEMO_DASHBOARD.name);
    expect(demo).toMatchObject({
      scope: 'organization',
      environment: 'production',
      owner: { id: dexter.adminId },
    });
    expect(demo?.widgets.map((w) => w.kind)).toEqual(['area', 'number', 'table', 'issues', 'releases']);
  });
});
