/**
 * Dashboards: every store team (`#triage`) gets its default team dashboard on the first listing (once, even
 * when listed twice at once); personal dashboards are their owner's alone; team dashboards are
 * made and changed by triagers and admins, read by everyone; the widgets' layout is kept as sent;
 * bad input is a 400 naming the field; unknown ids are 404.
 */
import type { Dashboard, DashboardList } from '@dexter/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../testing/test-client';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';

let dexter: TestDexter;
let viewer: TestClient;
let triager: TestClient;
let org: string;
let team: string;

const path = (rest = '') => `/api/v1/organizations/${org}/dashboards${rest}`;
const send = (client: TestClient, method: string, rest: string, body?: unknown) =>
  client.request(path(rest), { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const list = async (client: TestClient) =>
  ((await (await client.request(path())).json()) as DashboardList).dashboards;
const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; message: string } }).error;

const chart = {
  title: 'Events',
  kind: 'line',
  query: 'field=count()&statsPeriod=14d',
  layout: { x: 0, y: 0, w: 6, h: 4 },
};

beforeAll(async () => {
  dexter = await startTestDexter();
  org = dexter.bootstrap!.org;
  // The store's one team (its bootstrap makes `#triage`).
  team = 'triage';
  viewer = await dexter.clientAs('viewer', 'vera');
  triager = await dexter.clientAs('triager', 'tom');
});
afterAll(() => dexter.close());

describe('dashboards', () => {
  it('makes one default dashboard per team on the first listings, even two at once', async () => {
    const [first, second] = await Promise.all([list(viewer), list(triager)]);
    const defaults = (first ?? []).filter((d) => d.scope === 'team');
    expect(defaults.map((d) => d.team)).toContain(team);
    expect(second?.filter((d) => d.scope === 'team').length).toBe(defaults.length);
    const triage = defaults.find((d) => d.team === team)!;
    expect(triage.widgets.map((w) => w.kind)).toEqual([
      'issues',
      'issues',
      'area',
      'number',
      'releases',
      'alerts',
    ]);
    expect(triage.widgets[0]?.query).toBe(`is:unresolved assigned:#${team}`);
    // Read alone, a team board names its team's projects (the store's team holds every project).
    const read = (await (await viewer.request(path(`/${triage.id}`))).json()) as Dashboard;
    expect(read.teamProjects?.map((p) => p.slug)).toEqual(dexter.bootstrap!.projects.map((p) => p.slug));
    expect((await list(viewer)).filter((d) => d.scope === 'team').length).toBe(defaults.length);
  });

  it('keeps a personal dashboard to its owner and names its widgets', async () => {
    const res = await send(viewer, 'POST', '', { name: 'Mine', widgets: [chart] });
    expect(res.status).toBe(201);
    const mine = (await res.json()) as Dashboard;
    expect(mine).toMatchObject({ scope: 'personal', team: null, period: '14d', owner: { name: 'vera' } });
    expect(mine.widgets[0]).toMatchObject({ id: 'w1', title: 'Events', layout: chart.layout });
    expect((await send(triager, 'GET', `/${mine.id}`)).status).toBe(404);
    expect((await list(triager)).some((d) => d.id === mine.id)).toBe(false);
  });

  it('lets triagers make and arrange team dashboards, viewers only read them', async () => {
    const refused = await send(viewer, 'POST', '', { name: 'Team', scope: 'team', team });
    expect(refused.status).toBe(403);

    const res = await send(triager, 'POST', '', {
      name: 'Triage errors',
      scope: 'team',
      team,
      widgets: [chart],
    });
    expect(res.status).toBe(201);
    const board = (await res.json()) as Dashboard;
    const seen = (await (await send(viewer, 'GET', `/${board.id}`)).json()) as Dashboard;
    expect(seen.canEdit).toBe(false);
    expect((await send(viewer, 'PUT', `/${board.id}`, { name: 'Renamed' })).status).toBe(403);

    const moved = { ...board.widgets[0]!, layout: { x: 6, y: 2, w: 6, h: 5 } };
    const put = await send(triager, 'PUT', `/${board.id}`, {
      widgets: [moved],
      period: '24h',
      environment: 'production',
    });
    expect(put.status).toBe(200);
    const after = (await (await send(viewer, 'GET', `/${board.id}`)).json()) as Dashboard;
    expect(after).toMatchObject({ period: '24h', environment: 'production' });
    expect(after.widgets[0]).toMatchObject({ id: board.widgets[0]!.id, layout: { x: 6, y: 2, w: 6, h: 5 } });

    expect((await send(viewer, 'DELETE', `/${board.id}`)).status).toBe(403);
    expect((await send(triager, 'DELETE', `/${board.id}`)).status).toBe(204);
    expect((await send(triager, 'GET', `/${board.id}`)).status).toBe(404);
  });

  it('refuses bad input with the field named', async () => {
    const noTeam = await send(triager, 'POST', '', { name: 'T', scope: 'team' });
    expect(noTeam.status).toBe(400);
    expect((await errorOf(noTeam)).message).toContain('team');

    const wide = await send(viewer, 'POST', '', {
      name: 'W',
      widgets: [{ ...chart, layout: { x: 8, y: 0, w: 6, h: 2 } }],
    });
    expect(wide.status).toBe(400);
    expect((await errorOf(wide)).message).toContain('body.widgets.0.layout.w');

    const kind = await send(viewer, 'POST', '', { name: 'K', widgets: [{ ...chart, kind: 'pie' }] });
    expect((await errorOf(kind)).message).toContain('body.widgets.0.kind');

    const query = await send(viewer, 'POST', '', {
      name: 'Q',
      widgets: [chart, { ...chart, query: 'field=p95(nonsense.column)' }],
    });
    expect(query.status).toBe(400);
    expect((await errorOf(query)).message).toContain('widgets.1.query');

    const duplicate = await send(viewer, 'POST', '', {
      name: 'D',
      widgets: [
        { ...chart, id: 'a' },
        { ...chart, id: 'a' },
      ],
    });
    expect((await errorOf(duplicate)).message).toContain('body.widgets.1.id');

    expect((await send(viewer, 'POST', '', { name: 'P', period: 'forever' })).status).toBe(400);
  });

  it('answers unknown ids as 404 and anonymous callers as 401', async () => {
    expect((await send(triager, 'GET', '/999999')).status).toBe(404);
    expect((await send(triager, 'PUT', '/999999', { name: 'x' })).status).toBe(404);
    expect((await send(triager, 'DELETE', '/999999')).status).toBe(404);
    expect((await dexter.anonymous(path())).status).toBe(401);
  });
});
