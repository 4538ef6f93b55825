/**
 * Companion mode: a Dexter whose "Sentry" is another Dexter's store makes the default team
 * dashboards from that upstream's teams (`organizations.teams` over HTTP, no shortcut), and keeps
 * saved queries and dashboards in its own database as in standalone mode.
 */
import type { DashboardList, SavedQuery } from '@dexter/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';

let upstream: TestDexter;
let companion: TestDexter;
let org: string;

beforeAll(async () => {
  upstream = await startTestDexter();
  const { org: slug, token } = upstream.bootstrap!;
  org = slug;
  companion = await startTestDexter({
    SENTRY_URL: upstream.listenUrl,
    SENTRY_TOKEN: token,
    SENTRY_ORG: slug,
    DEXTER_ALLOW_PRIVATE_URLS: 'true',
  });
});
afterAll(async () => {
  await companion?.close();
  await upstream?.close();
});

describe('dashboards in companion mode', () => {
  it('makes the upstream team’s default dashboard and keeps saved queries in Dexter', async () => {
    const triager = await companion.clientAs('triager', 'tina');
    const list = (await (
      await triager.request(`/api/v1/organizations/${org}/dashboards`)
    ).json()) as DashboardList;
    expect(list.dashboards.map((d) => [d.scope, d.team, d.name])).toEqual([
      ['team', 'triage', '#triage overview'],
    ]);

    const res = await triager.request(`/api/v1/organizations/${org}/discover/saved`, {
      method: 'POST',
      body: JSON.stringify({ name: 'Levels', query: 'field=level&field=count()', shared: true }),
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as SavedQuery).owner.name).toBe('tina');
    // Nothing of it reached the upstream's own Dexter.
    const there = await upstream.request(`/api/v1/organizations/${org}/discover/saved`);
    expect(((await there.json()) as { queries: unknown[] }).queries).toEqual([]);
  });
});
