/**
 * The built-in store's projects through Dexter's admin routes: a created project gets a slug from
 * its name and a working DSN key, shows in the (cached) project list at once, and its keys rotate
 * (the new one ingests, the old one is refused). Bad input is a 400 or 404 naming what is wrong.
 * In standalone mode Dexter's accounts are the store's members, so they can be assigned issues.
 */
import type { Issue, OrganizationMember, StoreKey, StoreProject } from '@dexter/contracts';
import { envelopeOf, postEnvelope, storeDatabaseIn, testEvent } from '@dexter/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';

let dexter: TestDexter;

beforeAll(async () => {
  dexter = await startTestDexter();
});
afterAll(() => dexter.close());

const post = (path: string, body: object) =>
  dexter.request(path, { method: 'POST', body: JSON.stringify(body) });
const errorOf = async (response: Response) =>
  ((await response.json()) as { error: { code: string; message: string } }).error;
const sendWith = (key: StoreKey) =>
  postEnvelope(dexter.url, key.projectId, key.publicKey, envelopeOf(testEvent({ type: 'RotateTest' })));

describe('projects', () => {
  it('creates a project with a slug from its name and a DSN key that ingests', async () => {
    // Read the project list first, so a stale cached copy would show if creation did not drop it.
    const before = (await (await dexter.request('/api/v1/organizations/dexter/projects')).json()) as {
      projects: { slug: string }[];
    };
    expect(before.projects.map((p) => p.slug)).toEqual(['demo']);

    const created = await post('/api/v1/store/projects', {
      name: 'Checkout Web',
      platform: 'javascript-react',
    });
    expect(created.status).toBe(201);
    const project = (await created.json()) as StoreProject;
    expect(project).toMatchObject({
      slug: 'checkout-web',
      name: 'Checkout Web',
      platform: 'javascript-react',
      activeKeys: 1,
    });

    const after = (await (await dexter.request('/api/v1/organizations/dexter/projects')).json()) as {
      projects: { slug: string }[];
    };
    expect(after.projects.map((p) => p.slug).sort()).toEqual(['checkout-web', 'demo']);

    const keys = await dexter.request('/api/v1/store/projects/checkout-web/keys');
    const { keys: list } = (await keys.json()) as { keys: StoreKey[] };
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ projectSlug: 'checkout-web', label: 'Default', revokedAt: null });
    expect((await sendWith(list[0]!)).status).toBe(200);

    const all = (await (await dexter.request('/api/v1/store/projects')).json()) as {
      projects: StoreProject[];
    };
    expect(all.projects.map((p) => p.slug)).toEqual(['demo', 'checkout-web']);
  });

  it('refuses an empty, too long or taken name, naming the field', async () => {
    const empty = await post('/api/v1/store/projects', { name: '   ' });
    expect(empty.status).toBe(400);
    expect((await errorOf(empty)).message).toMatch(/body\.name.*must not be empty/);

    const long = await post('/api/v1/store/projects', { name: 'x'.repeat(51) });
    expect(long.status).toBe(400);
    expect((await errorOf(long)).message).toMatch(/body\.name.*at most 50/);

    const platform = await post('/api/v1/store/projects', { name: 'ok', platform: 'cobol' });
    expect(platform.status).toBe(400);
    expect((await errorOf(platform)).message).toMatch(/body\.platform/);

    await post('/api/v1/store/projects', { name: 'Billing' });
    const taken = await post('/api/v1/store/projects', { name: 'billing' });
    expect(taken.status).toBe(409);
    expect((await errorOf(taken)).message).toMatch(/slug "billing" exists/);
  });

  it('answers 404 naming an unknown project slug', async () => {
    const response = await dexter.request('/api/v1/store/projects/no-such-project/keys');
    expect(response.status).toBe(404);
    expect((await errorOf(response)).message).toBe('No project with the slug "no-such-project"');
  });
});

describe('key rotation', () => {
  it('issues a new key with the same label and revokes the old one at once', async () => {
    const { keys } = (await (await dexter.request('/api/v1/store/projects/demo/keys')).json()) as {
      keys: StoreKey[];
    };
    const old = keys.find((k) => k.revokedAt === null)!;
    expect((await sendWith(old)).status).toBe(200);

    const rotated = await post(`/api/v1/store/keys/${old.id}/rotate`, {});
    expect(rotated.status).toBe(201);
    const { created, revoked } = (await rotated.json()) as { created: StoreKey; revoked: StoreKey };
    expect(revoked.id).toBe(old.id);
    expect(revoked.revokedAt).not.toBeNull();
    expect(created).toMatchObject({ projectId: old.projectId, label: old.label, revokedAt: null });
    expect(created.publicKey).not.toBe(old.publicKey);

    expect((await sendWith(old)).status).toBe(403);
    expect((await sendWith(created)).status).toBe(200);

    const again = await post(`/api/v1/store/keys/${old.id}/rotate`, {});
    expect(again.status).toBe(404);
    expect((await errorOf(again)).message).toMatch(/unknown or revoked/);
  });

  it('writes the rotation to the audit log', async () => {
    const { entries } = (await (await dexter.request('/api/v1/audit?action=store.keys.rotate')).json()) as {
      entries: { result: string; targets: Record<string, string> }[];
    };
    expect(entries.map((e) => e.result)).toEqual(['failure', 'success']);
  });
});

describe('assignees in standalone mode', () => {
  it("makes a new Dexter account a member of the store's organization, who can be assigned", async () => {
    const created = await post('/api/v1/users', {
      username: 'carol',
      displayName: 'Carol Tester',
      email: 'carol@example.com',
      role: 'triager',
    });
    expect(created.status).toBe(201);

    const members = (await (
      await dexter.request('/api/v1/organizations/dexter/members?query=carol')
    ).json()) as { members: OrganizationMember[] };
    const carol = members.members.find((m) => m.email === 'carol@example.com');
    expect(carol).toMatchObject({ name: 'Carol Tester', pending: false });
    expect(carol!.assignee).toMatch(/^user:\d+$/);

    const project = dexter.bootstrap!.projects[0]!;
    const event = testEvent({ fingerprint: ['assign-carol'], value: 'assign carol' });
    const keys = (await (await dexter.request('/api/v1/store/projects/demo/keys')).json()) as {
      keys: StoreKey[];
    };
    const live = keys.keys.find((k) => k.revokedAt === null)!;
    expect((await postEnvelope(dexter.url, project.id, live.publicKey, envelopeOf(event))).status).toBe(200);
    await dexter.store!.admin.drain();
    const row = await storeDatabaseIn(dexter.dataDir)
      .selectFrom('events')
      .select('issue_id')
      .where('event_id', '=', event.event_id)
      .executeTakeFirstOrThrow();

    const assigned = await dexter.request(`/api/v1/organizations/dexter/issues/${row.issue_id}`, {
      method: 'PUT',
      body: JSON.stringify({ assignedTo: carol!.assignee }),
    });
    expect(assigned.status).toBe(200);
    expect(((await assigned.json()) as Issue).assignedTo).toMatchObject({
      type: 'user',
      name: 'Carol Tester',
    });
  });
});
