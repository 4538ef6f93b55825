/**
 * A socket that stops reading cannot make the server hold an unbounded backlog: once it holds the
 * high-water mark unsent, events for it are dropped (counts merged, up to a bound) and, when it
 * reads again, it gets the merged counts and one `resync`. And a socket that stops answering
 * pings is terminated at the next heartbeat.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLiveSocket } from '../../testing/live-test-socket';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';

let dexter: TestDexter;
let beating: TestDexter;

beforeAll(async () => {
  [dexter, beating] = await Promise.all([
    startTestDexter({ DEXTER_LIVE_HEARTBEAT_MS: '300000' }),
    startTestDexter({ DEXTER_LIVE_HEARTBEAT_MS: '200' }),
  ]);
});
afterAll(() => Promise.all([dexter.close(), beating.close()]));

const title = 'x'.repeat(500);
let nextId = 1;
const created = () =>
  ({
    type: 'issue.created',
    org: 'dexter',
    project: 'web',
    issueId: String(nextId++),
    title,
    shortId: null,
    level: 'error',
    eventId: null,
  }) as const;

describe('a client that does not read', () => {
  it('never makes the server buffer more than the high-water mark, and later gets a resync', async () => {
    const slow = await openLiveSocket(dexter.url, await dexter.clientAs('viewer'));
    await slow.subscribe('org:dexter');
    slow.pause();
    const { hub } = dexter.platform;

    // Fill the kernel's buffers and then the server's, a batch per turn of the event loop.
    for (let batch = 0; batch < 1_000 && dexter.live.stats().congested === 0; batch++) {
      for (let i = 0; i < 200; i++) hub.deliver(created());
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(dexter.live.stats().congested).toBe(1);
    // Much more while it is congested: events, and counts of more issues than the merge keeps.
    for (let i = 0; i < 20_000; i++) hub.deliver(created());
    for (let i = 0; i < 3_000; i++) {
      hub.deliver({
        type: 'issue.counts',
        org: 'dexter',
        counts: [{ issueId: String(i), project: 'web', events: 1 }],
      });
    }
    hub.flush();
    const stats = dexter.live.stats();
    expect(stats.peakBufferedBytes).toBeGreaterThan(0);
    expect(stats.peakBufferedBytes).toBeLessThanOrEqual(stats.highWaterBytes);
    expect(stats.bufferedBytes).toBeLessThanOrEqual(stats.highWaterBytes);
    expect(stats.pendingIssues).toBeLessThanOrEqual(1_000);

    slow.resume();
    expect(await slow.waitFor((m) => m.type === 'resync', 30_000)).toMatchObject({
      topic: null,
      reason: 'overflow',
      seq: dexter.live.stats().seq,
    });
    expect(slow.messages.filter((m) => m.type === 'issue.created').length).toBeLessThan(nextId - 1);
    expect(dexter.live.stats().congested).toBe(0);
    slow.close();
  });
});

describe('heartbeats', () => {
  it('terminate a socket that stops answering pings, and keep one that answers', async () => {
    const dead = await openLiveSocket(beating.url, await beating.clientAs('viewer'), { autoPong: false });
    const healthy = await openLiveSocket(beating.url, await beating.clientAs('viewer'));
    let pings = 0;
    const threePings = new Promise<void>((resolve) =>
      healthy.socket.on('ping', () => {
        pings += 1;
        if (pings === 3) resolve();
      }),
    );
    await dead.waitFor((m) => m.type === 'closed', 5_000);
    expect(beating.live.stats().terminated).toBeGreaterThanOrEqual(1);
    await threePings;
    expect(healthy.socket.readyState).toBe(healthy.socket.OPEN);
    healthy.close();
  });
});
