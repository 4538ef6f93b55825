/**
 * Merging issues (`merge: true`) and bulk `DELETE /organizations/{org}/issues/?id=…`: what moves,
 * what goes, and what is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, orgPath, secondProject, seedIssue } from '../../../testing/issue-seeding';
import { type StoreServer, startStoreServer } from '../../../testing/store-harness';

let server: StoreServer;

beforeAll(async () => {
  server = await startStoreServer();
});
afterAll(() => server.close());

const ofIssue = (
  table: 'events' | 'issue_hashes' | 'issue_tags' | 'issue_users' | 'activities',
  id: string,
) =>
  server.store.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('issue_id', '=', Number(id))
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
const issueRow = (id: string) =>
  server.store.db.selectFrom('issues').selectAll().where('id', '=', Number(id)).executeTakeFirst();
const query = (ids: string[]) => ids.map((id) => `id=${id}`).join('&');

describe('merge', () => {
  it('keeps the issue with the most events and moves the others’ events, hashes, users and tags to it', async () => {
    const small = await seedIssue(server, 'merge-small', { events: 1, users: ['a'] });
    const big = await seedIssue(server, 'merge-big', { events: 3, users: ['b', 'c'] });
    const middle = await seedIssue(server, 'merge-middle', { events: 2, users: ['a', 'd'] });
    await apiCall(server, 'POST', orgPath(server, `issues/${small}/comments/`), { text: 'was small' });

    const res = await apiCall(server, 'PUT', orgPath(server, `issues/?${query([small, big, middle])}`), {
      merge: true,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ merge: { parent: big, children: [middle, small] } });

    expect(await issueRow(small)).toBeUndefined();
    expect(await issueRow(middle)).toBeUndefined();
    expect(await issueRow(big)).toMatchObject({ times_seen: 6, user_count: 4 });
    expect(await ofIssue('events', big)).toBe(6);
    expect(await ofIssue('issue_hashes', small)).toBe(0);
    expect(await ofIssue('issue_tags', small)).toBe(0);
    const level = await server.store.db
      .selectFrom('issue_tags')
      .select('times_seen')
      .where('issue_id', '=', Number(big))
      .where('key', '=', 'level')
      .executeTakeFirstOrThrow();
    expect(level.times_seen).toBe(6);

    const detail = await apiCall<{ numComments: number; activity: Array<{ type: string; data: unknown }> }>(
      server,
      'GET',
      orgPath(server, `issues/${big}/`),
    );
    expect(detail.body.numComments).toBe(1);
    expect(detail.body.activity[0]).toMatchObject({
      type: 'merge',
      data: { issues: [{ id: middle }, { id: small }] },
    });
  });

  it('sends later events of a merged-away fingerprint to the parent', async () => {
    const child = await seedIssue(server, 'later-child');
    const parent = await seedIssue(server, 'later-parent', { events: 2 });
    await apiCall(server, 'PUT', orgPath(server, `issues/?${query([child, parent])}`), { merge: true });
    expect(await seedIssue(server, 'later-child')).toBe(parent);
  });

  it('refuses to merge across projects and changes nothing', async () => {
    const other = await secondProject(server);
    const here = await seedIssue(server, 'merge-here');
    const there = await seedIssue(server, 'merge-there', { project: other });
    const res = await apiCall(server, 'PUT', orgPath(server, `issues/?${query([here, there])}`), {
      merge: true,
      status: 'resolved',
    });
    expect(res).toMatchObject({
      status: 400,
      body: { detail: 'Merging across multiple projects is not supported' },
    });
    expect(await issueRow(here)).toMatchObject({ status: 'unresolved' });
    expect(await issueRow(there)).toBeDefined();
  });
});

describe('bulk delete', () => {
  it('deletes the issues with their events, hashes, tags, users and activity', async () => {
    const doomed = [
      await seedIssue(server, 'delete-a', { users: ['x'] }),
      await seedIssue(server, 'delete-b', { events: 2, users: ['y'] }),
    ];
    const kept = await seedIssue(server, 'delete-kept');
    await apiCall(server, 'POST', orgPath(server, `issues/${doomed[0]}/comments/`), { text: 'bye' });
    const res = await server.api(orgPath(server, `issues/?${query(doomed)}`), { method: 'DELETE' });
    expect(res.status).toBe(204);
    for (const id of doomed) {
      expect(await issueRow(id)).toBeUndefined();
      for (const table of ['events', 'issue_hashes', 'issue_tags', 'issue_users', 'activities'] as const) {
        expect(await ofIssue(table, id), `${table} of ${id}`).toBe(0);
      }
    }
    expect(await issueRow(kept)).toBeDefined();
    // The hashes went too: the same fingerprint opens a new issue.
    expect(await seedIssue(server, 'delete-a')).not.toBe(doomed[0]);
  });

  it('answers 204 for ids outside the organization and deletes nothing', async () => {
    const res = await server.api(orgPath(server, 'issues/?id=999999999'), { method: 'DELETE' });
    expect(res.status).toBe(204);
  });

  it('refuses more than 1,000 ids', async () => {
    const ids = Array.from({ length: 1001 }, (_, i) => String(i + 1));
    const res = await server.api(orgPath(server, `issues/?${query(ids)}`), { method: 'DELETE' });
    expect(res.status).toBe(400);
  });
});
