/**
 * Saved views: each user sees their own views and everyone's shared ones, never another user's
 * private view; only the owner or an admin changes or deletes one; views are per organization.
 */
import type { SavedView, SavedViewList } from '@dexter/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../testing/test-client';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';

let dexter: TestDexter;
let alice: TestClient;
let bob: TestClient;

const path = (rest = '', org = 'dexter') => `/api/v1/organizations/${org}/views${rest}`;
const send = (client: TestClient, method: string, rest: string, body?: unknown) =>
  client.request(path(rest), { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const names = async (client: TestClient, org = 'dexter') =>
  ((await (await client.request(path('', org))).json()) as SavedViewList).views.map((v) => v.name);

async function create(client: TestClient, body: Record<string, unknown>): Promise<SavedView> {
  const res = await send(client, 'POST', '', body);
  expect(res.status).toBe(201);
  return (await res.json()) as SavedView;
}

beforeAll(async () => {
  dexter = await startTestDexter();
  alice = await dexter.clientAs('viewer', 'alice');
  bob = await dexter.clientAs('triager', 'bob');
});
afterAll(() => dexter.close());

describe('saved views', () => {
  it('saves a view with defaults and shows it to its owner', async () => {
    const view = await create(alice, { name: 'Mine', query: 'is:unresolved frame:billing' });
    expect(view).toMatchObject({
      name: 'Mine',
      query: 'is:unresolved frame:billing',
      sort: 'date',
      projects: [],
      shared: false,
      owner: { name: 'alice' },
      canEdit: true,
    });
    expect(await names(alice)).toEqual(['Mine']);
  });

  it('shows shared views to everyone and private ones to their owner only', async () => {
    const shared = await create(alice, {
      name: 'Team fatals',
      query: 'level:fatal',
      sort: 'freq',
      shared: true,
    });
    await create(bob, { name: 'Bob private', query: 'is:unresolved', projects: ['1'] });
    expect(await names(alice)).toEqual(['Mine', 'Team fatals']);
    expect(await names(bob)).toEqual(['Bob private', 'Team fatals']);
    const seenByBob = ((await (await bob.request(path())).json()) as SavedViewList).views;
    expect(seenByBob.find((v) => v.id === shared.id)?.canEdit).toBe(false);
    expect(await names(alice, 'elsewhere')).toEqual([]);
  });

  it('lets only the owner or an admin change or delete a view', async () => {
    const shared = ((await (await alice.request(path())).json()) as SavedViewList).views.find(
      (v) => v.name === 'Team fatals',
    )!;
    const refused = await send(bob, 'PUT', `/${shared.id}`, { name: 'Hijacked' });
    expect(refused.status).toBe(403);
    expect((await send(bob, 'DELETE', `/${shared.id}`)).status).toBe(403);

    const renamed = await send(alice, 'PUT', `/${shared.id}`, { name: 'Fatals', sort: 'new' });
    expect(await renamed.json()).toMatchObject({ name: 'Fatals', sort: 'new', shared: true });

    expect((await dexter.admin.request(path(`/${shared.id}`), { method: 'DELETE' })).status).toBe(204);
    expect(await names(bob)).toEqual(['Bob private']);
  });

  it('answers another user’s private view as missing', async () => {
    const mine = ((await (await alice.request(path())).json()) as SavedViewList).views[0]!;
    const res = await send(bob, 'PUT', `/${mine.id}`, { shared: true });
    expect(res.status).toBe(404);
  });

  it('refuses an empty name or an unknown sort', async () => {
    expect((await send(alice, 'POST', '', { name: ' ', query: '' })).status).toBe(400);
    expect((await send(alice, 'POST', '', { name: 'x', query: '', sort: 'random' })).status).toBe(400);
  });
});
