/**
 * `GET /api/v1/boot`: a signed-in user gets the session, meta, organizations, and the org's projects
 * and their visible saved views in one answer, never stored by a cache; a signed-out caller gets a
 * 401 and nothing else; a pending password change gets the session alone; the CSRF model is
 * unchanged (the answer carries no CSRF token, and writes without the header are still refused).
 */
import { type Boot, BootSchema, CSRF_COOKIE, CSRF_HEADER } from '@dexter/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../testing/test-client';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';

let dexter: TestDexter;
let alice: TestClient;
let bob: TestClient;

const boot = async (client: Pick<TestClient, 'request'>, query = ''): Promise<Boot> => {
  const response = await client.request(`/api/v1/boot${query}`);
  expect(response.status).toBe(200);
  return BootSchema.parse(await response.json());
};

beforeAll(async () => {
  dexter = await startTestDexter();
  alice = await dexter.clientAs('viewer', 'alice');
  bob = await dexter.clientAs('triager', 'bob');
  const save = (client: TestClient, name: string, shared: boolean) =>
    client.request('/api/v1/organizations/dexter/views', {
      method: 'POST',
      body: JSON.stringify({ name, query: 'is:unresolved', shared }),
    });
  expect((await save(bob, 'Bob private', false)).status).toBe(201);
  expect((await save(bob, 'Bob shared', true)).status).toBe(201);
  expect((await save(alice, 'Alice own', false)).status).toBe(201);
});
afterAll(() => dexter.close());

describe('GET /api/v1/boot', () => {
  it('answers a signed-out caller 401 with the error envelope and no data', async () => {
    const response = await dexter.anonymous('/api/v1/boot?org=dexter');
    expect(response.status).toBe(401);
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['error']);
    expect(body.error).toMatchObject({ code: 'DEXTER_ERR_UNAUTHENTICATED' });
  });

  it('refuses a dead session cookie as it refuses no cookie', async () => {
    const response = await dexter.anonymous('/api/v1/boot', {
      headers: { cookie: 'dexter_session=not-a-session; dexter_csrf=whatever' },
    });
    expect(response.status).toBe(401);
  });

  it("gives a signed-in user the session, meta, organizations, the default org's projects and views", async () => {
    const response = await alice.request('/api/v1/boot');
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    const answer = BootSchema.parse(await response.json());
    expect(answer.user).toMatchObject({ username: 'alice', role: 'viewer', mustChangePassword: false });
    expect(answer.meta).toEqual({ mode: 'standalone', defaultOrg: 'dexter', version: expect.any(String) });
    expect(answer.organizations?.map((org) => org.slug)).toEqual(['dexter']);
    expect(answer.org).toBe('dexter');
    expect(answer.projects?.map((project) => project.slug)).toEqual(
      dexter.bootstrap!.projects.map((project) => project.slug),
    );
    // Her own view and the shared one, never Bob's private view.
    expect(answer.views?.map((view) => view.name)).toEqual(['Alice own', 'Bob shared']);
  });

  it('answers each part as its own route does', async () => {
    const answer = await boot(bob, '?org=dexter');
    const read = async (path: string) => (await bob.request(`/api/v1${path}`)).json();
    expect(answer.meta).toEqual(await read('/meta'));
    expect({ organizations: answer.organizations }).toEqual(await read('/organizations'));
    expect({ projects: answer.projects }).toEqual(await read('/organizations/dexter/projects'));
    expect({ views: answer.views }).toEqual(await read('/organizations/dexter/views'));
  });

  it('leaves a part it could not read to its own route: an unknown org has no projects', async () => {
    const answer = await boot(alice, '?org=no-such-org');
    expect(answer.org).toBe('no-such-org');
    expect(answer.projects).toBeNull();
    expect(answer.user.username).toBe('alice');
    expect(answer.organizations?.map((org) => org.slug)).toEqual(['dexter']);
  });

  it('names the field of a bad org parameter', async () => {
    const response = await alice.request(`/api/v1/boot?org=${'x'.repeat(101)}`);
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toMatch(/org/);
  });

  it('gives a user who must change their password the session alone', async () => {
    await dexter.clientAs('admin', 'carol');
    const row = (await dexter.security.services.users.findByUsername('carol'))!;
    await dexter.security.db
      .updateTable('users')
      .set({ must_change_password: 1 })
      .where('id', '=', row.id)
      .execute();
    // A fresh session: reads may reuse a principal resolved up to a second ago.
    const carol = await dexter.sessionAs(row.id);
    const answer = await boot(carol);
    expect(answer.user).toMatchObject({ username: 'carol', mustChangePassword: true });
    expect(answer).toMatchObject({ organizations: null, projects: null, views: null });
  });

  it('keeps the CSRF model: no token in the answer, writes without the header still refused', async () => {
    const text = await (await alice.request('/api/v1/boot')).text();
    const csrf = alice.cookies.get(CSRF_COOKIE)!;
    expect(csrf).toBeTruthy();
    expect(text).not.toContain(csrf);
    const write = await alice.request('/api/v1/organizations/dexter/views', {
      method: 'POST',
      headers: { [CSRF_HEADER]: 'wrong' },
      body: JSON.stringify({ name: 'Forged', query: 'is:unresolved' }),
    });
    expect(write.status).toBe(403);
    expect(((await write.json()) as { error: { code: string } }).error.code).toBe('DEXTER_ERR_CSRF');
    // Boot is a read: there is no state-changing boot to forge.
    expect((await alice.request('/api/v1/boot', { method: 'POST', body: '{}' })).status).toBe(404);
  });
});
