/**
 * The audit log over HTTP. Every state-changing operation of the operation table, enumerated from
 * it, leaves an entry naming the operation, the actor, the targets, the result and the source
 * address; sign-ins and failed sign-ins do too. Admins filter and export the log.
 */
import type { AuditEntry, AuditList } from '@dexter/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestClient } from '../../testing/test-client';
import { ADMIN_PASSWORD, startTestDexter, type TestDexter } from '../../testing/test-dexter';
import { loadOperationTable } from '../../upstream/operation-table';

let dexter: TestDexter;
const ids: Record<string, string> = {};

/** Bodies that make each known operation do its job; unknown ones get `{}` and are audited as failures. */
const samples: Record<string, () => unknown> = {
  'auth.signIn': () => ({ username: 'admin', password: ADMIN_PASSWORD }),
  'auth.changePassword': () => ({ currentPassword: 'not the password', newPassword: 'whatever new one' }),
  'tokens.create': () => ({ name: 'audit sample', role: 'viewer', expiresInDays: 1 }),
  'users.create': () => ({ username: 'audited-user', role: 'viewer' }),
  'users.update': () => ({ role: 'triager' }),
  'secrets.put': () => ({ value: 'sample secret value' }),
  'store.keys.create': () => ({ projectId: '1', label: 'audit sample' }),
  'store.tokens.create': () => ({ name: 'audit sample', scopes: ['event:read'] }),
  'issues.update': () => ({ status: 'resolved' }),
};

/** Path parameters: ids created by earlier operations, so revokes and updates hit something real. */
const fill = (path: string) =>
  path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    if (name === 'org') return 'dexter';
    if (name === 'name') return 'sample-secret';
    return ids[name] ?? '1';
  });

/** A fresh admin session each time: the walk above includes sign-out-everywhere. */
const asAdmin = async (path: string) => (await dexter.sessionAs(dexter.adminId)).request(path);
const adminAudit = async (query: string) =>
  (await (await asAdmin(`/api/v1/audit?${query}`)).json()) as AuditList;

beforeAll(async () => {
  dexter = await startTestDexter();
});
afterAll(() => dexter.close());

describe('every mutation is audited', () => {
  const table = loadOperationTable();
  // Creations first, so that later rows can target what they made; sign-outs last.
  const rank = (op: string) => (/create|put|signIn/.test(op) ? 0 : /signOut/.test(op) ? 2 : 1);
  // Operations the table marks `audit: false` write nothing (webhooks.test.ts checks that).
  const mutations = table
    .dexterRoutes()
    .filter((r) => r.method !== 'GET' && r.audit !== false)
    .sort((a, b) => rank(a.operation) - rank(b.operation));

  it.each(mutations.map((r) => [r.operation, r.method, r.path] as const))(
    '%s (%s %s)',
    async (operation, method, path) => {
      const client = await dexter.sessionAs(dexter.adminId);
      const body = samples[operation]?.() ?? {};
      const response = await client.request(fill(path), {
        method,
        ...(method === 'DELETE' ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      const created = (text ? JSON.parse(text) : {}) as {
        user?: { id: number };
        token?: { id: number };
        id?: number;
      };
      if (operation === 'users.create') ids.userId = String(created.user!.id);
      if (operation === 'tokens.create') ids.tokenId = String(created.token!.id);
      if (operation === 'store.keys.create' || operation === 'store.tokens.create')
        ids.id = String(created.id ?? created.token!.id);

      const { entries } = await adminAudit(`action=${encodeURIComponent(operation)}`);
      const entry = entries[0];
      expect(entry).toBeDefined();
      expect(entry).toMatchObject({ action: operation, status: response.status, sourceIp: '127.0.0.1' });
      // Public routes (webhooks) have no signed-in actor; sign-in names the account it opened.
      if (table.roleOf(operation) !== 'public' || operation === 'auth.signIn')
        expect(entry!.actor.name).toBe('admin');
      expect(entry!.result).toBe(
        response.status < 400
          ? 'success'
          : response.status === 403 || response.status === 401
            ? 'denied'
            : 'failure',
      );
      for (const [, name] of path.matchAll(/\{([^}]+)\}/g))
        expect(entry!.targets[name!]).toBe(fill(`{${name}}`));
    },
  );
});

describe('sign-ins', () => {
  it('records a failed sign-in with the name tried, and a successful one with the user', async () => {
    const browser = createTestClient(dexter.url);
    await browser.signIn('admin', 'definitely wrong');
    await browser.signIn('admin', ADMIN_PASSWORD);
    const { entries } = await adminAudit('action=auth.signIn&limit=2');
    expect(entries.map((e) => [e.result, e.status, e.actor.name, e.actor.kind])).toEqual([
      ['success', 200, 'admin', 'anonymous'],
      ['denied', 401, 'admin', 'anonymous'],
    ]);
    expect(JSON.stringify(entries)).not.toContain('definitely wrong');
    expect(entries[0]!.actor.userId).toBe(dexter.adminId);
  });

  it('does not write anonymous requests refused for want of a credential', async () => {
    const before = (await adminAudit('action=issues.update')).entries.length;
    await dexter.anonymous('/api/v1/organizations/dexter/issues/1', {
      method: 'PUT',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect((await adminAudit('action=issues.update')).entries.length).toBe(before);
  });
});

describe('reading the log', () => {
  it('filters by actor, result and target, newest first, with a cursor', async () => {
    const denied = await adminAudit('result=denied');
    expect(denied.entries.length).toBeGreaterThan(0);
    expect(denied.entries.every((e) => e.result === 'denied')).toBe(true);
    const targeted = await adminAudit(`target=${ids.userId}&action=users.update`);
    expect(targeted.entries.map((e) => e.targets.userId)).toEqual([ids.userId]);
    const page = await adminAudit('actor=admin&limit=2');
    expect(page.entries).toHaveLength(2);
    expect(page.entries[0]!.id).toBeGreaterThan(page.entries[1]!.id);
    const next = await adminAudit(`actor=admin&limit=2&cursor=${page.nextCursor}`);
    expect(next.entries[0]!.id).toBeLessThan(page.entries[1]!.id);
  });

  it('exports every matching entry as JSON and CSV', async () => {
    const json = await asAdmin('/api/v1/audit/export?format=json&action=auth.signIn');
    expect(json.headers.get('content-disposition')).toMatch(/attachment; filename="dexter-audit-.*\.json"/);
    const entries = (await json.json()) as AuditEntry[];
    expect(entries.length).toBeGreaterThanOrEqual(3);
    expect(entries.every((e) => e.action === 'auth.signIn')).toBe(true);

    const csv = await (await asAdmin('/api/v1/audit/export?format=csv&action=auth.signIn')).text();
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('id,at,actor,actorKind,action,targets,result,status,sourceIp,requestId,detail');
    expect(lines).toHaveLength(entries.length + 1);
  });
});
