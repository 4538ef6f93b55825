/**
 * Fan-out across instances: two Dexters sharing one real redis-server. A webhook received by one
 * reaches the sockets of the other, and its own sockets once (not twice). With Redis stopped, each
 * instance goes on serving its own sockets from its own sources; when Redis is back, both tell
 * their sockets to resync (what crossed meanwhile is lost) and events cross again. (Which instance
 * polls Sentry is decided by a lease in the database: platform/leases.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LiveTestSocket, openLiveSocket } from '../../testing/live-test-socket';
import { type RedisServer, startRedisServer } from '../../testing/redis-server';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';
import { deliver, issuePayload, signedDelivery } from '../../testing/webhook-test-payloads';

const SECRET = 'shared client secret 0123456789';

let redis: RedisServer;
let a: TestDexter;
let b: TestDexter;
let onA: LiveTestSocket;
let onB: LiveTestSocket;

beforeAll(async () => {
  redis = await startRedisServer();
  const env = { REDIS_URL: redis.url, DEXTER_SENTRY_WEBHOOK_SECRET: SECRET };
  [a, b] = await Promise.all([startTestDexter(env), startTestDexter(env)]);
  onA = await openLiveSocket(a.url, await a.clientAs('viewer'));
  onB = await openLiveSocket(b.url, await b.clientAs('viewer'));
  await Promise.all([onA.subscribe('org:dexter'), onB.subscribe('org:dexter')]);
});

afterAll(async () => {
  onA?.close();
  onB?.close();
  await Promise.all([a?.close(), b?.close()]);
  await redis?.stop();
});

const created = (issueId: string) => signedDelivery(SECRET, 'issue', issuePayload('created', issueId));
const isCreated = (issueId: string) => (m: { type: string }) =>
  m.type === 'issue.created' && 'issueId' in m && m.issueId === issueId;

/** Bounded wait for a condition with no event to wait on (the buses' view of Redis). */
async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('live updates across two instances', () => {
  it("a webhook received by one instance reaches the other's sockets, and its own once", async () => {
    expect((await deliver(a.url, created('100'))).status).toBe(202);
    await onB.waitFor(isCreated('100'));
    await onA.waitFor(isCreated('100'));
    await a.live.idle();
    // One more event through A: by the time it arrives, a duplicate of 100 would have too.
    await deliver(a.url, created('101'));
    await onA.waitFor(isCreated('101'));
    expect(onA.messages.filter(isCreated('100'))).toHaveLength(1);
    expect(onB.messages.filter(isCreated('100'))).toHaveLength(1);
  });

  it('with Redis stopped each instance serves its own sockets; both recover when it returns', async () => {
    await redis.stop();
    await until(() => a.live.stats().bus === 'down' && b.live.stats().bus === 'down', 'both buses down');

    expect((await deliver(a.url, created('200'))).status).toBe(202);
    expect((await deliver(b.url, created('201'))).status).toBe(202);
    await onA.waitFor(isCreated('200'));
    await onB.waitFor(isCreated('201'));
    expect(onB.messages.filter(isCreated('200'))).toEqual([]);
    expect(onA.messages.filter(isCreated('201'))).toEqual([]);

    await redis.restart();
    await until(
      () => a.live.stats().bus === 'connected' && b.live.stats().bus === 'connected',
      'both buses up',
    );
    for (const socket of [onA, onB]) {
      expect(await socket.waitFor((m) => m.type === 'resync')).toMatchObject({ reason: 'bus-recovered' });
    }
    await deliver(a.url, created('300'));
    await deliver(b.url, created('301'));
    await onB.waitFor(isCreated('300'));
    await onA.waitFor(isCreated('301'));
  });
});
