/**
 * The live socket's access rules: opening it needs a credential; each subscription is checked
 * when it is made, against the credential as it is then, so a signed-out session cannot go on
 * subscribing, and an open socket is closed within a heartbeat of its sign-out; malformed topics
 * are refused. Then what a subscriber receives: a greeting with
 * the stream and seq, events of its topics only, each once, and a replay or a resync on resume.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLiveSocket } from '../../testing/live-test-socket';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';

let dexter: TestDexter;

beforeAll(async () => {
  // Sockets recheck their credential every heartbeat: a short one keeps the tests short.
  dexter = await startTestDexter({ DEXTER_LIVE_HEARTBEAT_MS: '200' });
});
afterAll(() => dexter.close());

const open = async (role: 'viewer' | 'admin' = 'viewer') => {
  const live = await openLiveSocket(dexter.url, await dexter.clientAs(role));
  const hello = await live.next();
  if (hello.type !== 'hello') throw new Error(`expected hello, got ${hello.type}`);
  return Object.assign(live, { hello });
};

const updated = (issueId: string, project = 'web') =>
  ({
    type: 'issue.updated',
    org: 'dexter',
    project,
    issueId,
    action: 'resolved',
    status: 'resolved',
    origin: 'upstream',
  }) as const;

describe('/api/v1/live access', () => {
  it('accepts subscriptions from a signed-in viewer, and refuses malformed topics', async () => {
    const live = await open();
    live.send({ type: 'subscribe', topic: 'org:dexter' });
    expect(await live.next()).toEqual({ type: 'subscribed', topic: 'org:dexter' });
    live.send({ type: 'subscribe', topic: 'issue:dexter/42' });
    expect(await live.next()).toEqual({ type: 'subscribed', topic: 'issue:dexter/42' });
    live.send({ type: 'subscribe', topic: 'job:dexter/7' });
    expect(await live.next()).toEqual({ type: 'subscribed', topic: 'job:dexter/7' });
    live.send({ type: 'subscribe', topic: 'everything' });
    expect(await live.next()).toMatchObject({ type: 'error', code: 'DEXTER_ERR_VALIDATION' });
    live.close();
  });

  it('closes an open socket within a heartbeat once its session is signed out elsewhere', async () => {
    const viewer = await dexter.clientAs('viewer');
    const live = await openLiveSocket(dexter.url, viewer);
    expect((await live.next()).type).toBe('hello');
    live.send({ type: 'subscribe', topic: 'org:dexter' });
    expect(await live.next()).toEqual({ type: 'subscribed', topic: 'org:dexter' });
    // Not through this socket: the sign-out comes in over HTTP, and the socket asks nothing more.
    await viewer.request('/api/v1/auth/sign-out', { method: 'POST' });
    expect(await live.next(5_000)).toEqual({ type: 'closed', code: 4401 });
  });

  it('keeps the socket of a live session open across rechecks', async () => {
    const live = await open();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(live.messages.some((message) => message.type === 'closed')).toBe(false);
    live.close();
  });

  it('closes the socket on the next subscription once its session is signed out', async () => {
    const viewer = await dexter.clientAs('viewer');
    const live = await openLiveSocket(dexter.url, viewer);
    expect((await live.next()).type).toBe('hello');
    await viewer.request('/api/v1/auth/sign-out', { method: 'POST' });
    live.send({ type: 'subscribe', topic: 'org:dexter' });
    expect(await live.next()).toEqual({ type: 'closed', code: 4401 });
  });
});

describe('/api/v1/live delivery', () => {
  it('greets with the stream and the current seq', async () => {
    const live = await open();
    expect(live.hello).toMatchObject({ stream: dexter.live.stats().stream, seq: dexter.live.stats().seq });
    live.close();
  });

  it('delivers events of subscribed topics only, once even when two topics match', async () => {
    const live = await open();
    await live.subscribe('org:dexter');
    await live.subscribe('issue:dexter/1');
    const other = await open();
    await other.subscribe('issue:dexter/2');

    void dexter.platform.feed.publish(updated('1'));
    void dexter.platform.feed.publish(updated('2'));
    await live.waitFor((m) => m.type === 'issue.updated' && m.issueId === '2');
    await other.waitFor((m) => m.type === 'issue.updated' && m.issueId === '2');

    const seen = live.messages
      .filter((m) => m.type === 'issue.updated')
      .map((m) => 'issueId' in m && m.issueId);
    expect(seen).toEqual(['1', '2']);
    expect(other.messages.filter((m) => m.type === 'issue.updated')).toHaveLength(1);
    live.close();
    other.close();
  });

  it('coalesces counts into one message per window, and shows an issue subscriber its own entries', async () => {
    const org = await open();
    await org.subscribe('org:dexter');
    const one = await open();
    await one.subscribe('issue:dexter/11');
    for (let i = 0; i < 50; i++) {
      void dexter.platform.feed.publish({
        type: 'issue.counts',
        org: 'dexter',
        counts: [
          { issueId: '11', project: 'web', events: 1 },
          { issueId: '12', project: 'web', events: 2 },
        ],
      });
    }
    await dexter.live.idle();
    const counts = await org.waitFor((m) => m.type === 'issue.counts');
    expect(counts).toMatchObject({
      counts: [
        { issueId: '11', events: 50 },
        { issueId: '12', events: 100 },
      ],
    });
    expect(await one.waitFor((m) => m.type === 'issue.counts')).toMatchObject({
      counts: [{ issueId: '11', events: 50 }],
    });
    expect(org.messages.filter((m) => m.type === 'issue.counts')).toHaveLength(1);
    org.close();
    one.close();
  });

  it('replays what a reconnecting client missed, and resyncs a client from another stream', async () => {
    const first = await open();
    await first.subscribe('project:dexter/api');
    void dexter.platform.feed.publish(updated('21', 'api'));
    const seen = await first.waitFor((m) => m.type === 'issue.updated' && m.issueId === '21');
    first.close();
    const since = { stream: first.hello.stream, seq: 'seq' in seen ? seen.seq : -1 };

    void dexter.platform.feed.publish(updated('22', 'api'));
    void dexter.platform.feed.publish(updated('23', 'web'));
    void dexter.platform.feed.publish(updated('24', 'api'));

    const again = await open();
    await again.subscribe('project:dexter/api', since);
    await again.waitFor((m) => m.type === 'issue.updated' && m.issueId === '24');
    const replayed = again.messages
      .filter((m) => m.type === 'issue.updated')
      .map((m) => 'issueId' in m && m.issueId);
    expect(replayed).toEqual(['22', '24']);

    const stranger = await open();
    await stranger.subscribe('org:dexter', { stream: 'another-instance', seq: 3 });
    expect(await stranger.waitFor((m) => m.type === 'resync')).toMatchObject({
      topic: 'org:dexter',
      reason: 'stream-changed',
    });
    again.close();
    stranger.close();
  });
});
