/**
 * Personal API tokens over HTTP: shown once, stored hashed, scoped by role, expiring, and dead on
 * the very next request after revocation, after the user is disabled, or, for its extra power,
 * after the user is demoted.
 */
import { type ApiTokenCreated, roleAtLeast } from '@dexter/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestClient, type TestClient } from '../../testing/test-client';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';

let dexter: TestDexter;
let clock = Date.parse('2026-11-01T09:00:00Z');
const DAY = 86_400_000;

beforeAll(async () => {
  dexter = await startTestDexter({}, { now: () => clock });
  admin = dexter.admin;
});
afterAll(() => dexter.close());

let admin: TestClient;

async function createToken(
  client = admin,
  body: Record<string, unknown> = { name: 'ci', role: 'viewer', expiresInDays: 30 },
) {
  const response = await client.request('/api/v1/tokens', { method: 'POST', body: JSON.stringify(body) });
  return { response, created: response.status === 201 ? ((await response.json()) as ApiTokenCreated) : null };
}

const asToken = (secret: string) => createTestClient(dexter.url, { bearer: secret });
const resolveIssue = { method: 'PUT', body: JSON.stringify({ status: 'resolved' }) };

describe('personal API tokens', () => {
  it('shows the token once; the list shows only its prefix', async () => {
    const { response, created } = await createToken();
    expect(response.status).toBe(201);
    expect(created!.secret).toMatch(/^dxt_[\w-]{43}$/);
    expect(created!.secret.startsWith(created!.token.prefix)).toBe(true);
    const list = await (await admin.request('/api/v1/tokens')).text();
    expect(list).toContain(created!.token.prefix);
    expect(list).not.toContain(created!.secret);
  });

  it('acts with its own role, never above it, and cannot manage tokens', async () => {
    const { created } = await createToken();
    const script = asToken(created!.secret);
    expect((await script.request('/api/v1/meta')).status).toBe(200);
    expect((await script.request('/api/v1/organizations/dexter/issues/1', resolveIssue)).status).toBe(403);
    expect((await script.request('/api/v1/users')).status).toBe(403);
    const minting = await script.request('/api/v1/tokens', {
      method: 'POST',
      body: JSON.stringify({ name: 'x', role: 'viewer', expiresInDays: 1 }),
    });
    expect(minting.status).toBe(403);
    expect(((await minting.json()) as { error: { code: string } }).error.code).toBe(
      'DEXTER_ERR_SESSION_REQUIRED',
    );
  });

  it('stops working at once when revoked', async () => {
    const { created } = await createToken();
    const script = asToken(created!.secret);
    expect((await script.request('/api/v1/meta')).status).toBe(200);
    const revoked = await admin.request(`/api/v1/tokens/${created!.token.id}`, { method: 'DELETE' });
    expect(revoked.status).toBe(200);
    expect(((await revoked.json()) as { revokedAt: string | null }).revokedAt).not.toBeNull();
    expect((await script.request('/api/v1/meta')).status).toBe(401);
  });

  it('stops working when it expires', async () => {
    const { created } = await createToken(admin, { name: 'short', role: 'viewer', expiresInDays: 1 });
    const script = asToken(created!.secret);
    clock += DAY - 1;
    expect((await script.request('/api/v1/meta')).status).toBe(200);
    clock += 1;
    expect((await script.request('/api/v1/meta')).status).toBe(401);
    // The admin's session idled out meanwhile; later tests need a fresh one.
    admin = await dexter.sessionAs(dexter.adminId);
  });

  it('cannot be created with more power than its user, and follows a demotion or a disabled account', async () => {
    const triager = await dexter.clientAs('triager', 'token-owner');
    expect(
      (await createToken(triager, { name: 'too much', role: 'admin', expiresInDays: 5 })).response.status,
    ).toBe(403);
    const { created } = await createToken(triager, { name: 'triage bot', role: 'triager', expiresInDays: 5 });
    const bot = asToken(created!.secret);
    expect(roleAtLeast(created!.token.role, 'triager')).toBe(true);
    const ownerId = (await dexter.security.services.users.findByUsername('token-owner'))!.id;
    const change = (body: object) =>
      admin.request(`/api/v1/users/${ownerId}`, { method: 'PATCH', body: JSON.stringify(body) });

    expect((await bot.request('/api/v1/organizations/dexter/issues/1', resolveIssue)).status).not.toBe(403);
    expect((await change({ role: 'viewer' })).status).toBe(200);
    expect((await bot.request('/api/v1/organizations/dexter/issues/1', resolveIssue)).status).toBe(403);
    expect((await change({ disabled: true })).status).toBe(200);
    expect((await bot.request('/api/v1/meta')).status).toBe(401);
  });

  it('lets only its owner (or an admin) revoke a token', async () => {
    const { created } = await createToken();
    const viewer = await dexter.clientAs('viewer');
    expect((await viewer.request(`/api/v1/tokens/${created!.token.id}`, { method: 'DELETE' })).status).toBe(
      404,
    );
    expect((await asToken(created!.secret).request('/api/v1/meta')).status).toBe(200);
  });
});
