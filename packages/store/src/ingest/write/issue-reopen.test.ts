/**
 * Which events reopen a resolved issue: any, for a plain resolution; only releases newer than the
 * resolution, for "resolved in the next release" and "resolved in release X".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, orgPath, seedIssue } from '../../testing/issue-seeding';
import { type StoreServer, startStoreServer } from '../../testing/store-harness';

let server: StoreServer;

beforeAll(async () => {
  server = await startStoreServer();
});
afterAll(() => server.close());

const resolve = (id: string, body: Record<string, unknown>) =>
  apiCall(server, 'PUT', orgPath(server, `issues/${id}/`), body);
const status = async (id: string) =>
  (
    await server.store.db
      .selectFrom('issues')
      .select('status')
      .where('id', '=', Number(id))
      .executeTakeFirstOrThrow()
  ).status;

describe('regressions after a resolution', () => {
  it('a plain resolution reopens on the next event', async () => {
    const id = await seedIssue(server, 'plain');
    await resolve(id, { status: 'resolved' });
    await seedIssue(server, 'plain');
    expect(await status(id)).toBe('unresolved');
  });

  it('"in the next release" ignores events of known releases and of none, and reopens on a new one', async () => {
    const id = await seedIssue(server, 'next', { release: 'shop@1.0.0' });
    await resolve(id, { status: 'resolvedInNextRelease' });
    await seedIssue(server, 'next', { release: 'shop@1.0.0' });
    await seedIssue(server, 'next', { release: null });
    expect(await status(id)).toBe('resolved');
    await seedIssue(server, 'next', { release: 'shop@1.1.0' });
    expect(await status(id)).toBe('unresolved');
  });

  it('"in release X" ignores older releases and reopens on X itself', async () => {
    // A release's age is when the project first saw it: 1.0.0 an hour ago, 2.0.0 a minute ago.
    const id = await seedIssue(server, 'named', { release: 'api@1.0.0', at: Date.now() - 3_600_000 });
    await seedIssue(server, 'elsewhere', { release: 'api@2.0.0', at: Date.now() - 60_000 });
    await resolve(id, { status: 'resolved', statusDetails: { inRelease: 'api@2.0.0' } });
    await seedIssue(server, 'named', { release: 'api@1.0.0' });
    expect(await status(id)).toBe('resolved');
    await seedIssue(server, 'named', { release: 'api@2.0.0' });
    expect(await status(id)).toBe('unresolved');
  });

  it('resolves in the latest release of the project when asked for "latest"', async () => {
    const id = await seedIssue(server, 'latest', { release: 'api@1.0.0' });
    await seedIssue(server, 'newest', { release: 'web@5.0.0', at: Date.now() + 5_000 });
    const res = await resolve(id, { status: 'resolved', statusDetails: { inRelease: 'latest' } });
    expect(res.body).toMatchObject({ statusDetails: { inRelease: 'web@5.0.0' } });
  });
});
