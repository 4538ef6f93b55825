/**
 * The built-in store's credentials through Dexter's admin routes: a DSN key per project that
 * stops ingest the moment it is revoked, and `/api/0` tokens limited to their scopes and dead the
 * moment they are revoked. The gateway's own token cannot be revoked from under it.
 */
import type { StoreKey, StoreToken } from '@dexter/contracts';
import { envelopeOf, postEnvelope, testEvent } from '@dexter/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';

let dexter: TestDexter;

beforeAll(async () => {
  dexter = await startTestDexter();
});
afterAll(() => dexter.close());

const post = (path: string, body: object) =>
  dexter.request(path, { method: 'POST', body: JSON.stringify(body) });
const api0 = (token: string, path: string, init: RequestInit = {}) =>
  fetch(`${dexter.url}/api/0${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  });

describe('DSN keys', () => {
  it('creates a key for a project, which ingests until it is revoked', async () => {
    const created = await post('/api/v1/store/keys', { projectId: '1', label: 'CI' });
    expect(created.status).toBe(201);
    const key = (await created.json()) as StoreKey;
    expect(key).toMatchObject({ projectId: '1', projectSlug: 'demo', label: 'CI', revokedAt: null });
    expect(key.dsn).toBe(`${dexter.url.replace('//', `//${key.publicKey}@`)}/1`);
    const send = () =>
      postEnvelope(dexter.url, '1', key.publicKey, envelopeOf(testEvent({ type: 'KeyTest' })));
    expect((await send()).status).toBe(200);

    const revoked = await dexter.request(`/api/v1/store/keys/${key.id}`, { method: 'DELETE' });
    expect(((await revoked.json()) as StoreKey).revokedAt).not.toBeNull();
    expect((await send()).status).toBe(403);
    const list = (await (await dexter.request('/api/v1/store/keys')).json()) as { keys: StoreKey[] };
    expect(list.keys.map((k) => [k.label, k.revokedAt === null])).toEqual([
      ['Default', true],
      ['CI', false],
    ]);
  });

  it('answers 404 for a project that does not exist', async () => {
    expect((await post('/api/v1/store/keys', { projectId: '999', label: 'x' })).status).toBe(404);
  });
});

describe('/api/0 tokens', () => {
  it('acts within its scopes only, and stops at once when revoked', async () => {
    const created = await post('/api/v1/store/tokens', {
      name: 'read-only',
      scopes: ['org:read', 'event:read'],
    });
    expect(created.status).toBe(201);
    const { token, secret } = (await created.json()) as { token: StoreToken; secret: string };
    expect(token.scopes).toEqual(['org:read', 'event:read']);

    expect((await api0(secret, '/organizations/dexter/issues/')).status).toBe(200);
    const write = await api0(secret, '/organizations/dexter/issues/1/', {
      method: 'PUT',
      body: JSON.stringify({ status: 'resolved' }),
    });
    expect(write.status).toBe(403);
    expect(((await write.json()) as { detail: string }).detail).toMatch(/event:write/);
    expect((await api0(secret, '/projects/dexter/demo/keys/')).status).toBe(403);

    await dexter.request(`/api/v1/store/tokens/${token.id}`, { method: 'DELETE' });
    expect((await api0(secret, '/organizations/dexter/issues/')).status).toBe(401);
  });

  it("refuses to revoke the token Dexter's own gateway uses", async () => {
    const { tokens } = (await (await dexter.request('/api/v1/store/tokens')).json()) as {
      tokens: StoreToken[];
    };
    const gateway = tokens.find((t) => t.name === 'bootstrap')!;
    expect(tokens.filter((t) => t.usedByDexter).map((t) => t.id)).toEqual([gateway.id]);
    const response = await dexter.request(`/api/v1/store/tokens/${gateway.id}`, { method: 'DELETE' });
    expect(response.status).toBe(409);
    expect((await dexter.request('/api/v1/organizations/dexter/issues')).status).toBe(200);
  });
});
