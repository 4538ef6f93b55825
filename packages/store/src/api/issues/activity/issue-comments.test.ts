/**
 * Comments (`note` activities) and the activity log of an issue: create, list, edit, delete,
 * `numComments`, and the `/activities/` and issue-detail `activity` views.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, orgPath, seedIssue } from '../../../testing/issue-seeding';
import { type StoreServer, startStoreServer } from '../../../testing/store-harness';

interface Activity {
  id: string;
  type: string;
  data: Record<string, unknown>;
  user: { email: string } | null;
  dateCreated: string;
}

let server: StoreServer;
let issueId: string;

beforeAll(async () => {
  server = await startStoreServer();
  issueId = await seedIssue(server, 'commented');
});
afterAll(() => server.close());

const comments = (rest = '') => orgPath(server, `issues/${issueId}/comments/${rest}`);
const numComments = async () =>
  (await apiCall<{ numComments: number }>(server, 'GET', orgPath(server, `issues/${issueId}/`))).body
    .numComments;

describe('comments', () => {
  it('creates a note with 201, authored by the calling member, and counts it', async () => {
    const res = await apiCall<Activity>(server, 'POST', comments(), { text: 'Looks like the cache' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      type: 'note',
      data: { text: 'Looks like the cache' },
      user: { email: 'admin@dexter.local' },
    });
    expect(await numComments()).toBe(1);
  });

  it('refuses the same comment twice within the hour, and a blank one', async () => {
    await apiCall(server, 'POST', comments(), { text: 'twice' });
    expect(await apiCall(server, 'POST', comments(), { text: 'twice' })).toMatchObject({
      status: 400,
      body: { detail: 'You have already posted that comment.' },
    });
    expect(await apiCall(server, 'POST', comments(), { text: '  ' })).toMatchObject({
      status: 400,
      body: { text: ['This field may not be blank.'] },
    });
    expect(await apiCall(server, 'POST', comments(), {})).toMatchObject({
      status: 400,
      body: { text: ['This field is required.'] },
    });
  });

  it('lists notes newest first with Link headers', async () => {
    const res = await apiCall<Activity[]>(server, 'GET', comments());
    expect(res.body.map((note) => note.data.text)).toEqual(['twice', 'Looks like the cache']);
    expect(res.headers.get('link')).toContain('rel="next"; results="false"');
  });

  it('edits and deletes a note', async () => {
    const created = await apiCall<Activity>(server, 'POST', comments(), { text: 'draft' });
    const edited = await apiCall<Activity>(server, 'PUT', comments(`${created.body.id}/`), { text: 'final' });
    expect(edited).toMatchObject({ status: 200, body: { id: created.body.id, data: { text: 'final' } } });
    expect(await numComments()).toBe(3);
    const deleted = await server.api(comments(`${created.body.id}/`), { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(await numComments()).toBe(2);
    expect((await apiCall(server, 'PUT', comments(`${created.body.id}/`), { text: 'again' })).status).toBe(
      404,
    );
  });

  it('does not let a member touch someone else’s note', async () => {
    const stranger = await server.store.db
      .insertInto('activities')
      .values({
        issue_id: Number(issueId),
        project_id: Number(server.projectId),
        type: 'note',
        member_id: 424242,
        data: JSON.stringify({ text: 'not yours' }),
        date_created: Date.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect((await server.api(comments(`${stranger.id}/`), { method: 'DELETE' })).status).toBe(404);
  });

  it('is also served under the older notes/ path', async () => {
    const res = await apiCall<Activity[]>(server, 'GET', orgPath(server, `issues/${issueId}/notes/`));
    expect(res.status).toBe(200);
    expect(res.body.length).toBeGreaterThan(0);
  });
});

describe('activity log', () => {
  it('lists changes newest first and ends with the first_seen entry', async () => {
    await apiCall(server, 'PUT', orgPath(server, `issues/${issueId}/`), { status: 'resolved' });
    await apiCall(server, 'PUT', orgPath(server, `issues/${issueId}/`), { assignedTo: 'admin@dexter.local' });
    const res = await apiCall<{ activity: Activity[] }>(
      server,
      'GET',
      orgPath(server, `issues/${issueId}/activities/`),
    );
    const types = res.body.activity.map((a) => a.type);
    expect(types.slice(0, 2)).toEqual(['assigned', 'set_resolved']);
    expect(types.at(-1)).toBe('first_seen');
    expect(res.body.activity.at(-1)).toMatchObject({ id: '0', user: null });
    expect(res.body.activity[0]).toMatchObject({
      data: { assigneeEmail: 'admin@dexter.local', assigneeType: 'user' },
    });
  });

  it('is the issue detail’s activity', async () => {
    const detail = await apiCall<{ activity: Activity[] }>(
      server,
      'GET',
      orgPath(server, `issues/${issueId}/`),
    );
    const log = await apiCall<{ activity: Activity[] }>(
      server,
      'GET',
      orgPath(server, `issues/${issueId}/activities/`),
    );
    expect(detail.body.activity).toEqual(log.body.activity);
  });

  it('records a regression when an event reopens a resolved issue', async () => {
    await seedIssue(server, 'commented', { release: 'app@9.9.9' });
    const res = await apiCall<{ activity: Activity[]; status: string; substatus: string }>(
      server,
      'GET',
      orgPath(server, `issues/${issueId}/`),
    );
    expect(res.body).toMatchObject({ status: 'unresolved', substatus: 'regressed' });
    expect(res.body.activity[0]).toMatchObject({
      type: 'set_regression',
      user: null,
      data: { version: 'app@9.9.9' },
    });
  });
});
