/**
 * Accounts managed by admins: a new account signs in once with its one-time password and must
 * change it; a reset does the same and ends the user's sessions; disabling signs a user out at
 * once; the last admin can be neither demoted nor disabled.
 */
import type { User, UserWithPassword } from '@dexter/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestClient } from '../../testing/test-client';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';

let dexter: TestDexter;

beforeAll(async () => {
  dexter = await startTestDexter();
});
afterAll(() => dexter.close());

const send = (method: string, path: string, body?: object) =>
  dexter.request(path, { method, ...(body ? { body: JSON.stringify(body) } : {}) });

describe('/api/v1/users', () => {
  it('creates an account whose one-time password must be changed at first sign-in', async () => {
    const response = await send('POST', '/api/v1/users', {
      username: 'Alice',
      role: 'triager',
      email: 'alice@example.com',
    });
    expect(response.status).toBe(201);
    const { user, oneTimePassword } = (await response.json()) as UserWithPassword;
    expect(user).toMatchObject({
      username: 'alice',
      role: 'triager',
      mustChangePassword: true,
      disabled: false,
    });
    const alice = createTestClient(dexter.url);
    expect(await (await alice.signIn('alice', oneTimePassword)).json()).toMatchObject({
      user: { mustChangePassword: true },
    });
    expect((await send('POST', '/api/v1/users', { username: 'alice', role: 'viewer' })).status).toBe(409);
  });

  it('disabling a user ends their sessions at once; a reset ends them and forces a new password', async () => {
    const { user, oneTimePassword } = (await (
      await send('POST', '/api/v1/users', { username: 'bob', role: 'viewer' })
    ).json()) as UserWithPassword;
    const bob = createTestClient(dexter.url);
    await bob.signIn('bob', oneTimePassword);
    await bob.changePassword(oneTimePassword, 'a different phrase 7');
    expect((await bob.request('/api/v1/meta')).status).toBe(200);

    const reset = (await (
      await send('POST', `/api/v1/users/${user.id}/password-reset`)
    ).json()) as UserWithPassword;
    expect(reset.oneTimePassword).not.toBe(oneTimePassword);
    expect((await bob.request('/api/v1/meta')).status).toBe(401);
    expect((await bob.signIn('bob', 'a different phrase 7')).status).toBe(401);
    await bob.signIn('bob', reset.oneTimePassword);
    expect((await bob.request('/api/v1/meta')).status).toBe(403);

    expect((await send('PATCH', `/api/v1/users/${user.id}`, { disabled: true })).status).toBe(200);
    expect((await bob.request('/api/v1/auth/session')).status).toBe(401);
    expect((await bob.signIn('bob', reset.oneTimePassword)).status).toBe(401);
  });

  it('keeps at least one enabled admin', async () => {
    const admin = dexter.adminId;
    expect((await send('PATCH', `/api/v1/users/${admin}`, { role: 'viewer' })).status).toBe(409);
    expect((await send('PATCH', `/api/v1/users/${admin}`, { disabled: true })).status).toBe(409);
    const other = (await (
      await send('POST', '/api/v1/users', { username: 'second-admin', role: 'admin' })
    ).json()) as UserWithPassword;
    const demoted = await send('PATCH', `/api/v1/users/${other.user.id}`, { role: 'viewer' });
    expect(((await demoted.json()) as User).role).toBe('viewer');
  });
});
