/**
 * Comments carry their Dexter author, and only that author or an admin may edit or delete one
 * (issue 23, finding 2). Before the fix every comment was stored as the upstream token's user and
 * a triager's `PUT .../comments/{id}` on an admin's comment answered 200: the 403s below failed.
 */
import type { IssueComment, IssueCommentList } from '@dexter/contracts';
import { envelopeOf, postEnvelope, storeDatabaseIn, testEvent } from '@dexter/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../testing/test-client';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';

let dexter: TestDexter;
let storeDb: ReturnType<typeof storeDatabaseIn>;
let issueId = '';
let alice: TestClient;
let bob: TestClient;

const path = (rest = '') => `/api/v1/organizations/dexter/issues/${issueId}/comments${rest}`;
const json = (body: unknown) => ({
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json' },
});
const noteText = async (id: string) => {
  const row = await storeDb
    .selectFrom('activities')
    .select('data')
    .where('id', '=', Number(id))
    .executeTakeFirst();
  return row ? (JSON.parse(row.data) as { text: string }).text : null;
};

async function add(client: TestClient, text: string): Promise<IssueComment> {
  const response = await client.request(path(), { method: 'POST', ...json({ text }) });
  expect(response.status).toBe(201);
  return (await response.json()) as IssueComment;
}

beforeAll(async () => {
  dexter = await startTestDexter();
  storeDb = storeDatabaseIn(dexter.dataDir);
  const project = dexter.bootstrap!.projects[0]!;
  const event = testEvent({ fingerprint: ['comment-authors'] });
  expect(
    (await postEnvelope(dexter.url, project.id, new URL(project.dsn).username, envelopeOf(event))).status,
  ).toBe(200);
  const row = await storeDb
    .selectFrom('events')
    .select('issue_id')
    .where('event_id', '=', event.event_id)
    .executeTakeFirstOrThrow();
  issueId = String(row.issue_id);
  alice = await dexter.clientAs('triager', 'alice');
  bob = await dexter.clientAs('triager', 'bob');
});
afterAll(async () => {
  await storeDb.destroy();
  await dexter.close();
});

describe('comment authors', () => {
  it('records the Dexter user who wrote each comment, not the upstream identity', async () => {
    const byAlice = await add(alice, 'alice was here');
    expect(byAlice.author).toMatchObject({ name: 'alice' });
    expect(byAlice.canEdit).toBe(true);

    const listed = (await (await bob.request(path())).json()) as IssueCommentList;
    const seen = listed.comments.find((comment) => comment.id === byAlice.id);
    expect(seen).toMatchObject({ author: { name: 'alice' }, canEdit: false });
  });

  it("refuses a triager's edit and delete of an admin's comment with 403", async () => {
    const byAdmin = await add(dexter.admin, 'admin note');
    const edit = await bob.request(path(`/${byAdmin.id}`), { method: 'PUT', ...json({ text: 'defaced' }) });
    expect(edit.status).toBe(403);
    expect(await edit.json()).toMatchObject({ error: { code: 'DEXTER_ERR_FORBIDDEN' } });
    expect((await bob.request(path(`/${byAdmin.id}`), { method: 'DELETE' })).status).toBe(403);
    expect(await noteText(byAdmin.id)).toBe('admin note');
  });

  it("refuses one triager's edit and delete of another's comment", async () => {
    const byAlice = await add(alice, 'mine');
    expect(
      (await bob.request(path(`/${byAlice.id}`), { method: 'PUT', ...json({ text: 'no' }) })).status,
    ).toBe(403);
    expect((await bob.request(path(`/${byAlice.id}`), { method: 'DELETE' })).status).toBe(403);
    expect(await noteText(byAlice.id)).toBe('mine');
  });

  it('lets the author edit and delete their own comment, and an admin anyone’s', async () => {
    const byAlice = await add(alice, 'draft');
    const edited = await alice.request(path(`/${byAlice.id}`), { method: 'PUT', ...json({ text: 'final' }) });
    expect(edited.status).toBe(200);
    expect(await edited.json()).toMatchObject({ text: 'final', author: { name: 'alice' }, canEdit: true });
    expect(await noteText(byAlice.id)).toBe('final');

    const byBob = await add(bob, 'to be removed');
    expect((await dexter.request(path(`/${byBob.id}`), { method: 'DELETE' })).status).toBe(204);
    expect(await noteText(byBob.id)).toBeNull();
    expect((await alice.request(path(`/${byAlice.id}`), { method: 'DELETE' })).status).toBe(204);
  });
});
