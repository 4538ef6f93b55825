/**
 * The demo's organization dashboard, written to Dexter's database once the demo traffic is in:
 * errors over time by release, the services side by side, users affected, the top unresolved
 * issues and the releases with their health. The `#triage` team's default dashboard is made by
 * the dashboards feature itself on the first listing, as for any team.
 */
import type { DashboardCreate } from '@dexter/contracts';
import type { DexterDb } from '../db/database';
import { createDashboardsService } from '../features/dashboards/dashboards-service';

export const DEMO_DASHBOARD: DashboardCreate = {
  name: 'Storefront and payments',
  scope: 'organization',
  team: null,
  period: '14d',
  environment: 'production',
  widgets: [
    {
      title: 'Errors over time',
      kind: 'area',
      query: 'field=count()&statsPeriod=14d',
      layout: { x: 0, y: 0, w: 8, h: 4 },
    },
    {
      title: 'Users affected',
      kind: 'number',
      query: 'field=count_unique(user)&statsPeriod=14d',
      layout: { x: 8, y: 0, w: 4, h: 4 },
    },
    {
      title: 'Errors by service and release',
      kind: 'table',
      query:
        'field=project&field=release&field=count()&field=count_unique(user)&statsPeriod=14d&sort=-count()',
      layout: { x: 0, y: 4, w: 6, h: 5 },
    },
    {
      title: 'Top unresolved issues',
      kind: 'issues',
      query: 'is:unresolved',
      layout: { x: 6, y: 4, w: 6, h: 5 },
    },
    {
      title: 'Releases',
      kind: 'releases',
      query: '',
      layout: { x: 0, y: 9, w: 12, h: 4 },
    },
  ],
};

/** Owned by Dexter's first admin (the bootstrap account); nothing is written without one. */
export async function seedDemoDashboard(db: DexterDb, org: string, now = Date.now): Promise<void> {
  const admin = await db
    .selectFrom('users')
    .select(['id', 'role'])
    .where('role', '=', 'admin')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  if (!admin) return;
  await createDashboardsService({ db, now }).create(org, DEMO_DASHBOARD, { id: admin.id, role: 'admin' });
}
