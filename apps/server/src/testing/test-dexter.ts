/**
 * Starts a real Dexter (standalone, port 0, fresh data dir, silent logs) for server tests.
 * `request` is signed in as the bootstrap admin (whose one-time password has been replaced by
 * `ADMIN_PASSWORD`); `anonymous` carries no credential; `clientAs(role)` makes a user with that
 * role and returns a client signed in as them. Users are made through the services, not the
 * sign-in flow, which auth tests cover on their own: scrypt makes every sign-in cost a hash.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '@dexter/contracts';
import type { BuiltInStore } from '@dexter/store';
import { loadConfig } from '../config/config';
import type { LiveHandle } from '../features/live/live-feature';
import type { SimilarityHandle } from '../features/similarity/similarity-feature';
import { SESSION_COOKIE } from '../security/accounts/auth-cookies';
import { hashPassword } from '../security/password-hash';
import { type RunningDexter, type StartOptions, startDexter } from '../start-dexter';
import { testDatabase } from './postgres-test-database';
import { createTestClient, type TestClient } from './test-client';

export const ADMIN_PASSWORD = 'test admin password 42';

export interface TestDexter extends RunningDexter {
  dataDir: string;
  /** The built-in store's public port (standalone mode). */
  store: BuiltInStore | null;
  /** The live module's handle: its figures, and waiting until changes in flight are delivered. */
  live: LiveHandle;
  /** The similarity module's handle: its index maintenance. */
  similarity: SimilarityHandle;
  /** Where the server really listens (differs from `url` when DEXTER_PUBLIC_URL is set). */
  listenUrl: string;
  /** `fetch` against this server, signed in as the admin (cookie session, CSRF header). */
  request(path: string, init?: RequestInit): Promise<Response>;
  /** `fetch` against this server without any credential. */
  anonymous(path: string, init?: RequestInit): Promise<Response>;
  /** POST a JSON body to the built-in store's `/api/0/organizations/{org}/<path>` with its token. */
  storePost(path: string, body: unknown): Promise<Response>;
  admin: TestClient;
  adminId: number;
  /** A new user with this role (password `ADMIN_PASSWORD`, no change pending), signed in. */
  clientAs(role: Role, username?: string): Promise<TestClient>;
  /** A client with a fresh session of an existing user. */
  sessionAs(userId: number): Promise<TestClient>;
}

export async function startTestDexter(
  env: Record<string, string> = {},
  options: StartOptions = {},
): Promise<TestDexter> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dexter-server-'));
  // The `postgres` vitest project runs these same suites with Dexter's data on PostgreSQL.
  const database = await testDatabase(env.DEXTER_DATA_DIR);
  const config = loadConfig(
    {
      PORT: '0',
      HOST: '127.0.0.1',
      DEXTER_DATA_DIR: dataDir,
      DEXTER_DEMO: 'false',
      LOG_LEVEL: 'silent',
      ...(database.url ? { DEXTER_DATABASE_URL: database.url } : {}),
      ...env,
    },
    process.cwd(),
  );
  let dexter: RunningDexter;
  try {
    dexter = await startDexter(config, options);
  } catch (error) {
    await database.drop();
    throw error;
  }
  const address = dexter.app.server.address();
  const listenUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const { users, auth } = dexter.security.services;
  const { db } = dexter.security;

  async function clientAs(role: Role, username = `${role}-${Math.random().toString(36).slice(2, 8)}`) {
    const { user } = await users.create({ username, role, password: ADMIN_PASSWORD });
    await db.updateTable('users').set({ must_change_password: 0 }).where('id', '=', user.id).execute();
    return sessionClient(user.id);
  }

  async function sessionClient(userId: number) {
    const { sessionId } = await auth.startSession(
      await users.get(userId),
      'password',
      { ip: null, userAgent: null },
      null,
    );
    const client = createTestClient(listenUrl);
    client.cookies.set(SESSION_COOKIE, sessionId);
    client.cookies.set('dexter_csrf', auth.csrfTokenFor(sessionId));
    return client;
  }

  const adminRow = (await users.findByUsername('admin'))!;
  await db
    .updateTable('users')
    .set({ must_change_password: 0, password_hash: await hashPassword(ADMIN_PASSWORD) })
    .where('id', '=', adminRow.id)
    .execute();
  const admin = await sessionClient(adminRow.id);

  const closeDexter = dexter.close.bind(dexter);
  const handleOf = <T>(name: string) => dexter.modules.get(name)?.handle as T;
  return Object.assign(dexter, {
    dataDir,
    store: dexter.platform.store,
    live: handleOf<LiveHandle>('live'),
    similarity: handleOf<SimilarityHandle>('similarity'),
    listenUrl,
    admin,
    adminId: adminRow.id,
    request: admin.request,
    anonymous: (path: string, init?: RequestInit) =>
      fetch(`${listenUrl}${path}`, { ...init, redirect: 'manual' }),
    storePost: (path: string, body: unknown) => {
      const { org, token } = dexter.bootstrap!;
      return fetch(`${listenUrl}/api/0/organizations/${org}/${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    },
    clientAs,
    sessionAs: sessionClient,
    async close() {
      await closeDexter();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}
