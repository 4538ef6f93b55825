/**
 * The built-in store as a live source (its change feed), through real ingest: a new issue is announced with its
 * title, project and first event; further events arrive as counts; an event on a resolved issue
 * is a regression. And an event's counts invalidate the cached issue first, so a client that
 * refetches on receiving them reads the new count (the detail is otherwise cached for 30 s).
 */
import { envelopeOf, postEnvelope, testEvent } from '@dexter/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LiveTestSocket, openLiveSocket } from '../../testing/live-test-socket';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';

let dexter: TestDexter;
let live: LiveTestSocket;
let send: (event: ReturnType<typeof testEvent>) => Promise<void>;

beforeAll(async () => {
  dexter = await startTestDexter();
  const project = dexter.bootstrap!.projects[0]!;
  const dsn = new URL(project.dsn);
  send = async (event) => {
    const response = await postEnvelope(dexter.listenUrl, project.id, dsn.username, envelopeOf(event));
    expect(response.status).toBe(200);
  };
  live = await openLiveSocket(dexter.url, await dexter.clientAs('viewer'));
  await live.subscribe('org:dexter');
});
afterAll(async () => {
  live.close();
  await dexter.close();
});

const countOf = (issueId: string) =>
  live.messages
    .flatMap((m) => (m.type === 'issue.counts' ? m.counts : []))
    .filter((entry) => entry.issueId === issueId)
    .reduce((sum, entry) => sum + entry.events, 0);

const detailCount = async (issueId: string) => {
  const response = await dexter.request(`/api/v1/organizations/dexter/issues/${issueId}`);
  return ((await response.json()) as { issue: { count: number } }).issue.count;
};

describe('store ingest as a live source', () => {
  it('announces a new issue, then counts its events', async () => {
    const first = testEvent({ fingerprint: ['live-source-1'], value: 'cart total is NaN' });
    await send(first);
    const created = await live.waitFor((m) => m.type === 'issue.created' && m.eventId === first.event_id);
    expect(created).toMatchObject({
      org: 'dexter',
      project: dexter.bootstrap!.projects[0]!.slug,
      level: 'error',
    });
    expect('title' in created && created.title).toContain('cart total is NaN');
    const issueId = created.type === 'issue.created' ? created.issueId : '';

    await send(testEvent({ fingerprint: ['live-source-1'] }));
    await send(testEvent({ fingerprint: ['live-source-1'] }));
    await dexter.live.idle();
    // The first event is the issue's count of 1 (`issue.created` says so); the others are counted.
    await live.waitFor(() => countOf(issueId) === 2);
  });

  it("invalidates the issue's cached detail before its counts go out", async () => {
    const first = testEvent({ fingerprint: ['live-source-2'] });
    await send(first);
    const created = await live.waitFor((m) => m.type === 'issue.created' && m.eventId === first.event_id);
    const issueId = created.type === 'issue.created' ? created.issueId : '';
    expect(await detailCount(issueId)).toBe(1);

    await send(testEvent({ fingerprint: ['live-source-2'] }));
    await dexter.live.idle();
    await live.waitFor(() => countOf(issueId) === 1);
    expect(await detailCount(issueId)).toBe(2);
    await send(testEvent({ fingerprint: ['live-source-2'] }));
    await dexter.live.idle();
    await live.waitFor(() => countOf(issueId) === 2);
    expect(await detailCount(issueId)).toBe(3);
  });

  it('announces a regression when a resolved issue gets a new event', async () => {
    const first = testEvent({ fingerprint: ['live-source-3'] });
    await send(first);
    const created = await live.waitFor((m) => m.type === 'issue.created' && m.eventId === first.event_id);
    const issueId = created.type === 'issue.created' ? created.issueId : '';
    const resolved = await dexter.request(`/api/v1/organizations/dexter/issues/${issueId}`, {
      method: 'PUT',
      body: JSON.stringify({ status: 'resolved' }),
    });
    expect(resolved.status).toBe(200);

    const again = testEvent({ fingerprint: ['live-source-3'] });
    await send(again);
    expect(
      await live.waitFor((m) => m.type === 'issue.regressed' && m.eventId === again.event_id),
    ).toMatchObject({
      issueId,
    });
  });
});
