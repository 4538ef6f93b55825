import { describe, expect, it } from 'vitest';
import { SentryInvalidResponseError } from '../errors';
import { fakeTransport, queryOf } from '../testing/fake-transport';
import { issuesResource } from './issues';

const note = {
  id: '31',
  type: 'note',
  data: { text: 'Looks like the cache' },
  user: { id: '1', name: 'Admin', email: 'admin@dexter.local' },
  dateCreated: '2026-03-10T12:00:00.000Z',
  sentry_app: null,
};

describe('issues.activities', () => {
  it('unwraps Sentry’s {activity: [...]}, keeping unknown types and system entries', async () => {
    const fake = fakeTransport({
      body: {
        activity: [
          note,
          { id: '30', type: 'set_some_future_thing', data: {}, user: null, dateCreated: null },
          { id: '0', type: 'first_seen', data: {}, user: null, dateCreated: '2026-03-01T00:00:00Z' },
        ],
      },
    });
    const activity = await issuesResource(fake.transport).activities('acme', 7);
    expect(fake.requests[0]).toMatchObject({
      operation: 'issues.activities',
      path: '/api/0/organizations/acme/issues/7/activities/',
    });
    expect(activity.map((a) => a.type)).toEqual(['note', 'set_some_future_thing', 'first_seen']);
  });

  it('classifies a bare list (not Sentry’s shape) as an invalid response', async () => {
    const fake = fakeTransport({ body: [note] });
    await expect(issuesResource(fake.transport).activities('acme', 7)).rejects.toBeInstanceOf(
      SentryInvalidResponseError,
    );
  });
});

describe('issues.comments', () => {
  it('lists, creates, edits and deletes comments on their own paths', async () => {
    const fake = fakeTransport(
      { body: [note] },
      { status: 201, body: note },
      { body: { ...note, data: { text: 'edit' } } },
      { status: 204, body: null },
    );
    const { comments } = issuesResource(fake.transport);
    const list = await comments.list('acme', 7, { cursor: '0:100:0' });
    const created = await comments.create('acme', 7, { text: 'Looks like the cache' });
    const edited = await comments.update('acme', 7, created.id, { text: 'edit' });
    await comments.delete('acme', 7, created.id);

    expect(list.data[0]?.data?.text).toBe('Looks like the cache');
    expect(queryOf(fake.requests[0])).toBe('cursor=0:100:0');
    expect(fake.requests.map((r) => [r.operation, r.method, r.path])).toEqual([
      ['issues.comments.list', 'GET', '/api/0/organizations/acme/issues/7/comments/'],
      ['issues.comments.create', 'POST', '/api/0/organizations/acme/issues/7/comments/'],
      ['issues.comments.update', 'PUT', '/api/0/organizations/acme/issues/7/comments/31/'],
      ['issues.comments.delete', 'DELETE', '/api/0/organizations/acme/issues/7/comments/31/'],
    ]);
    expect(fake.requests[1]?.body).toEqual({ text: 'Looks like the cache' });
    expect(edited.data?.text).toBe('edit');
  });
});
