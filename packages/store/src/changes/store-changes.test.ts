/**
 * The store's change feed through real ingest: a new issue is told with its place, title and the
 * new event's stack; further events are counts (the first event is the issue's count of 1); an
 * event on a resolved issue is a regression.
 */
import type { Change } from '@dexter/change-feed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopeOf, postEnvelope, testEvent } from '../testing/envelopes';
import { type StoreServer, startStoreServer } from '../testing/store-harness';

let server: StoreServer;
const heard: Change[] = [];

beforeAll(async () => {
  server = await startStoreServer();
  server.store.changes.subscribe((change) => void heard.push(change));
});
afterAll(() => server.close());

const send = async (event: ReturnType<typeof testEvent>) => {
  const response = await postEnvelope(server.url, server.projectId, server.publicKey, envelopeOf(event));
  expect(response.status).toBe(200);
  await server.store.drain();
};

describe('store changes', () => {
  it('tells a new issue with its place, title and stack, then counts its further events', async () => {
    const first = testEvent({ fingerprint: ['changes-1'], value: 'cart total is NaN' });
    await send(first);
    const created = heard.find((c) => c.type === 'issue.created' && c.eventId === first.event_id);
    expect(created).toMatchObject({ org: server.org, level: 'error', shortId: null });
    if (created?.type !== 'issue.created') throw new Error('no issue.created');
    expect(created.project).toMatch(/\S/);
    expect(created.title).toContain('cart total is NaN');
    expect(created.stack?.at(-1)?.value).toBe('cart total is NaN');

    await send(testEvent({ fingerprint: ['changes-1'] }));
    await send(testEvent({ fingerprint: ['changes-1'] }));
    const counted = heard
      .flatMap((c) => (c.type === 'issue.counts' ? c.counts : []))
      .filter((entry) => entry.issueId === created.issueId);
    expect(counted.reduce((sum, entry) => sum + entry.events, 0)).toBe(2);
  });

  it('tells a regression when a resolved issue gets a new event', async () => {
    const first = testEvent({ fingerprint: ['changes-2'] });
    await send(first);
    const created = heard.find((c) => c.type === 'issue.created' && c.eventId === first.event_id);
    if (created?.type !== 'issue.created') throw new Error('no issue.created');
    const resolved = await server.api(`/api/0/organizations/${server.org}/issues/?id=${created.issueId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'resolved' }),
    });
    expect(resolved.status).toBe(200);

    const again = testEvent({ fingerprint: ['changes-2'] });
    await send(again);
    expect(heard.find((c) => c.type === 'issue.regressed' && c.eventId === again.event_id)).toMatchObject({
      issueId: created.issueId,
    });
  });
});
