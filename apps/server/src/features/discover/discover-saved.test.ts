/**
 * Saved Discover queries: private to their owner unless shared, with the owner named; only the
 * owner or an admin renames or deletes one; the query is checked by the store's query model when
 * saved (a 400 naming the field); unknown ids and others' private queries are 404.
 */
import type { SavedQuery, SavedQueryList } from '@dexter/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../testing/test-client';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';

let dexter: TestDexter;
let alice: TestClient;
let bob: TestClient;
let org: string;

const path = (rest = '') => `/api/v1/organizations/${org}/discover/saved${rest}`;
const send = (client: TestClient, method: string, rest: string, body?: unknown) =>
  client.request(path(rest), { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const names = async (client: TestClient) =>
  ((await (await client.request(path())).json()) as SavedQueryList).queries.map((q) => q.name);
const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; message: string } }).error;

beforeAll(async () => {
  dexter = await startTestDexter();
  org = dexter.bootstrap!.org;
  alice = await dexter.clientAs('viewer', 'alice');
  bob = await dexter.clientAs('triager', 'bob');
});
afterAll(() => dexter.close());

describe('saved Discover queries', () => {
  it('saves a query with its owner and lists it, private by default', async () => {
    const res = await send(alice, 'POST', '', {
      name: 'Errors by shard',
      query: 'field=shard&field=count()&statsPeriod=7d&sort=-count()',
    });
    expect(res.status).toBe(201);
    const saved = (await res.json()) as SavedQuery;
    expect(saved).toMatchObject({
      name: 'Errors by shard',
      shared: false,
      owner: { name: 'alice' },
      canEdit: true,
    });
    expect(await names(alice)).toEqual(['Errors by shard']);
    expect(await names(bob)).toEqual([]);
    expect((await send(bob, 'GET', `/${saved.id}`)).status).toBe(404);
    expect(await (await send(alice, 'GET', `/${saved.id}`)).json()).toMatchObject({ id: saved.id });
  });

  it('shows a shared query to everyone; only its owner or an admin renames or deletes it', async () => {
    const saved = (await (
      await send(alice, 'POST', '', { name: 'Users', query: 'field=count_unique(user)', shared: true })
    ).json()) as SavedQuery;
    expect(await names(bob)).toEqual(['Users']);
    expect((await send(bob, 'PUT', `/${saved.id}`, { name: 'Mine now' })).status).toBe(403);
    expect((await send(bob, 'DELETE', `/${saved.id}`)).status).toBe(403);

    const renamed = await send(alice, 'PUT', `/${saved.id}`, { name: 'Users affected' });
    expect(await renamed.json()).toMatchObject({ name: 'Users affected', shared: true });
    expect((await dexter.admin.request(path(`/${saved.id}`), { method: 'DELETE' })).status).toBe(204);
    expect(await names(alice)).toEqual(['Errors by shard']);
  });

  it('refuses a query the query model cannot run, naming the field', async () => {
    const res = await send(alice, 'POST', '', { name: 'Bad', query: 'field=p95(nonsense.column)' });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toMatch(/query.*field/i);

    const empty = await send(alice, 'POST', '', { name: ' ', query: 'field=count()' });
    expect(empty.status).toBe(400);
    expect((await errorOf(empty)).message).toContain('body.name');

    const none = await send(alice, 'PUT', '/1', {});
    expect(none.status).toBe(400);
  });

  it('answers unknown ids as 404 and anonymous callers as 401', async () => {
    expect((await send(alice, 'PUT', '/999999', { name: 'x' })).status).toBe(404);
    expect((await send(alice, 'DELETE', '/999999')).status).toBe(404);
    expect((await dexter.anonymous(path())).status).toBe(401);
  });
});
