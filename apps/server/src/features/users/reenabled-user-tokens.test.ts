/**
 * Disabling a user revokes their API tokens for good (issue 23, finding 7). Before the fix a
 * disabled user's tokens were only refused while the account was off, and worked again once it
 * was re-enabled: the last assertion failed.
 */
import type { ApiTokenCreated, User } from '@dexter/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestClient } from '../../testing/test-client';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';

let dexter: TestDexter;
beforeAll(async () => {
  dexter = await startTestDexter();
});
afterAll(() => dexter.close());

const patch = (id: number, body: object) =>
  dexter.request(`/api/v1/users/${id}`, { method: 'PATCH', body: JSON.stringify(body) });

describe('a re-enabled user', () => {
  it('does not get the API tokens back that were out while the account was disabled', async () => {
    const carol = await dexter.clientAs('triager', 'carol');
    const created = await carol.request('/api/v1/tokens', {
      method: 'POST',
      body: JSON.stringify({ name: 'laptop', role: 'viewer', expiresInDays: 30 }),
    });
    expect(created.status).toBe(201);
    const token = createTestClient(dexter.url, {
      bearer: ((await created.json()) as ApiTokenCreated).secret,
    });
    expect((await token.request('/api/v1/meta')).status).toBe(200);

    const users = (await (await dexter.request('/api/v1/users')).json()) as { users: User[] };
    const id = users.users.find((user) => user.username === 'carol')!.id;
    expect((await patch(id, { disabled: true })).status).toBe(200);
    expect((await token.request('/api/v1/meta')).status).toBe(401);

    expect((await patch(id, { disabled: false })).status).toBe(200);
    expect((await token.request('/api/v1/meta')).status).toBe(401);
  });
});
