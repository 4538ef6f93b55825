/**
 * Companion mode without a webhook: Dexter polls its Sentry (here the built-in store behind a
 * recording proxy) and turns what changed into live messages. Each poll reaches Sentry (the
 * `issues.poll` operation is never answered from the cache), and an error sent to Sentry shows up
 * on the socket as a new issue, then its next event as a count.
 */
import {
  envelopeOf,
  postEnvelope,
  type StoreServer,
  startStoreServer,
  testEvent,
} from '@dexter/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultProxy, startFaultProxy } from '../../testing/fault-proxy';
import { type LiveTestSocket, openLiveSocket } from '../../testing/live-test-socket';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';

let store: StoreServer;
let proxy: FaultProxy;
let dexter: TestDexter;
let live: LiveTestSocket;

beforeAll(async () => {
  store = await startStoreServer();
  proxy = await startFaultProxy(store.url);
  dexter = await startTestDexter({
    SENTRY_URL: proxy.url,
    SENTRY_TOKEN: store.token,
    SENTRY_ORG: store.org,
    DEXTER_ALLOW_PRIVATE_URLS: 'true',
    DEXTER_LIVE_POLL_MS: '1000',
  });
  live = await openLiveSocket(dexter.url, await dexter.clientAs('viewer'));
  await live.subscribe(`org:${store.org}`);
}, 60_000);

afterAll(async () => {
  live?.close();
  await dexter?.close();
  await proxy?.close();
  await store?.close();
});

const polls = () =>
  proxy.forwarded.filter((call) => call.path.includes('/issues/?') && call.path.includes('limit=100'));

async function pollsAtLeast(count: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (polls().length < count) {
    if (Date.now() > deadline) throw new Error(`fewer than ${count} polls reached Sentry in 15 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the companion poller', () => {
  it('publishes a new issue and then its events, each poll reaching Sentry', async () => {
    await pollsAtLeast(1);
    const first = testEvent({ fingerprint: ['companion-poll'], value: 'seen by polling' });
    expect((await postEnvelope(store.url, store.projectId, store.publicKey, envelopeOf(first))).status).toBe(
      200,
    );
    const created = await live.waitFor((m) => m.type === 'issue.created', 15_000);
    expect(created).toMatchObject({ org: store.org });
    expect('title' in created && created.title).toContain('seen by polling');

    const again = testEvent({ fingerprint: ['companion-poll'] });
    expect((await postEnvelope(store.url, store.projectId, store.publicKey, envelopeOf(again))).status).toBe(
      200,
    );
    expect(await live.waitFor((m) => m.type === 'issue.counts', 15_000)).toMatchObject({
      counts: [{ issueId: 'issueId' in created ? created.issueId : '', events: 1 }],
    });
    // Polls every second, uncached: more calls than a 15 s list cache would ever let through.
    await pollsAtLeast(polls().length + 2);
  });
});
