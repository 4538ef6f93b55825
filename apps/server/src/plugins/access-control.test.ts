/**
 * The access rules over every `/api/v1` route, enumerated from the operation table, not picked by
 * hand: the table's routes and the app's registered routes are the same set; every non-public
 * route (and the WebSocket) answers 401 without a credential; and for every route and every role,
 * the guard refuses exactly the roles below the route's role.
 */
import { ROLE_RANK, type Role } from '@dexter/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { TestClient } from '../testing/test-client';
import { startTestDexter, type TestDexter } from '../testing/test-dexter';
import { loadOperationTable } from '../upstream/operation-table';

const table = loadOperationTable();
const routes = table.dexterRoutes();
const ROLES: Role[] = ['viewer', 'triager', 'admin'];

/** A concrete URL for a route: org `dexter`, ids that do not exist, names that are valid. */
const urlOf = (path: string) =>
  path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    name === 'org' ? 'dexter' : /id$/i.test(name) ? '999999' : 'sample-name',
  );

const call = (
  client: { request: TestClient['request'] } | null,
  dexter: TestDexter,
  method: string,
  path: string,
) => {
  const init: RequestInit = { method, ...(method === 'GET' || method === 'DELETE' ? {} : { body: '{}' }) };
  const headers: Record<string, string> =
    method === 'GET' || method === 'DELETE' ? {} : { 'content-type': 'application/json' };
  return client ? client.request(urlOf(path), init) : dexter.anonymous(urlOf(path), { ...init, headers });
};

let dexter: TestDexter;
const users: Partial<Record<Role, number>> = {};

beforeAll(async () => {
  dexter = await startTestDexter();
  for (const role of ROLES) {
    const { user } = await dexter.security.services.users.create({
      username: `matrix-${role}`,
      role,
      password: 'matrix pass 1234',
    });
    await dexter.security.db
      .updateTable('users')
      .set({ must_change_password: 0 })
      .where('id', '=', user.id)
      .execute();
    users[role] = user.id;
  }
});
afterAll(() => dexter.close());

describe('the route list', () => {
  it('every table route is registered, and every registered /api/v1 route is in the table', () => {
    const registered = dexter.app.apiRoutes.map((r) => `${r.method} ${r.path} ${r.operation}`).sort();
    const declared = routes.map((r) => `${r.method} ${r.path} ${r.operation}`).sort();
    expect(registered).toEqual(declared);
    expect(registered.length).toBeGreaterThan(20);
  });

  it('every route declares a role', () => {
    expect(routes.filter((r) => !['public', 'viewer', 'triager', 'admin'].includes(r.role))).toEqual([]);
  });
});

describe('without credentials', () => {
  const guarded = routes.filter((r) => r.role !== 'public');

  it.each(guarded.map((r) => [r.operation, r.method, r.path] as const))(
    '%s (%s %s) answers 401',
    async (_op, method, path) => {
      const response = await call(null, dexter, method, path);
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        'DEXTER_ERR_UNAUTHENTICATED',
      );
    },
  );

  it('a bad or unknown bearer token is 401 too, as is a forged session cookie', async () => {
    const attempts: Array<Record<string, string>> = [
      { authorization: 'Bearer dxt_nope' },
      { authorization: 'Basic abc' },
      { cookie: 'dexter_session=forged' },
    ];
    for (const headers of attempts) {
      expect((await dexter.anonymous('/api/v1/meta', { headers })).status).toBe(401);
    }
  });

  it('the WebSocket refuses the upgrade with 401', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(`${dexter.url.replace('http', 'ws')}/api/v1/live`);
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.on('open', () => reject(new Error('the socket opened without credentials')));
      socket.on('error', () => {});
    });
    expect(status).toBe(401);
  });

  it('public routes answer without credentials', async () => {
    expect((await dexter.anonymous('/api/v1/auth/config')).status).toBe(200);
  });
});

describe('the role matrix', () => {
  const guarded = routes.filter((r) => r.role !== 'public');
  const cases = guarded.flatMap((r) =>
    ROLES.map((role) => [r.operation, role, r.method, r.path, r.role as Role] as const),
  );

  it.each(cases)('%s as %s', async (_op, role, method, path, needed) => {
    // A fresh session per call: some routes (sign-out) end the session they are called with.
    const client = await dexter.sessionAs(users[role]!);
    const response = await call(client, dexter, method, path);
    const body =
      response.status === 204
        ? null
        : ((await response.json().catch(() => null)) as { error?: { code: string; message: string } } | null);
    const refusedByRole =
      response.status === 403 &&
      body?.error?.code === 'DEXTER_ERR_FORBIDDEN' &&
      /needs the \w+ role/.test(body.error.message);
    expect(response.status).not.toBe(401);
    expect(refusedByRole).toBe(ROLE_RANK[role] < ROLE_RANK[needed]);
  });
});
