/**
 * How the change feed crosses instances: every change published here goes out on one Redis
 * channel; each instance hands on what the others published and skips its own messages (tagged
 * with its instance id), so nothing is heard twice locally.
 *
 * Redis away: sending fails fast (the connection has no offline queue) and is logged once per
 * outage; every instance keeps serving its own subscribers from its own sources. When both
 * connections are back (the subscriber re-subscribed, the client ready), the feed's gap listeners
 * run (live updates tell their sockets to resync), since what others published meanwhile is lost.
 *
 * Invariant: a message that does not parse as a `Change` is dropped, never handed on.
 */
import { type Change, ChangeSchema, type ChangeTransport } from '@dexter/change-feed';
import type { Redis } from 'ioredis';

export interface RedisChangeTransportOptions {
  client: Redis;
  subscriber: Redis;
  channel?: string;
  instanceId: string;
  log: { warn(object: object, message: string): void };
}

export async function createRedisChangeTransport(
  options: RedisChangeTransportOptions,
): Promise<ChangeTransport> {
  const { client, subscriber, instanceId, log } = options;
  const channel = options.channel ?? 'dexter:changes';
  let receive: (change: Change) => void = () => {};
  let gap: () => void = () => {};
  // Up means both connections work: the subscription (others' events in) and the client (ours out).
  let down = false;
  let subscribed = false;
  let publishFailing = false;
  let closed = false;

  const onMessage = (from: string, text: string) => {
    if (from !== channel) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || !('o' in parsed) || parsed.o === instanceId) return;
    const change = ChangeSchema.safeParse((parsed as { e?: unknown }).e);
    if (change.success) receive(change.data);
  };
  const markDown = (error?: unknown) => {
    if (down || closed) return;
    down = true;
    log.warn({ err: error }, 'change feed: Redis is unreachable; serving this instance only');
  };
  const recoverIfUp = () => {
    if (!down || closed || !subscribed || client.status !== 'ready') return;
    down = false;
    log.warn({}, 'change feed: Redis is back; live sockets resync');
    gap();
  };
  const onSubscriberReady = () => {
    if (closed) return;
    // ioredis re-subscribes on reconnect; subscribing again is idempotent and tells us when it holds.
    subscriber.subscribe(channel).then(
      () => {
        subscribed = true;
        recoverIfUp();
      },
      (error: unknown) => markDown(error),
    );
  };
  const onSubscriberClose = () => {
    subscribed = false;
    markDown();
  };
  const onClientClose = () => markDown();

  subscriber.on('message', onMessage);
  subscriber.on('ready', onSubscriberReady);
  subscriber.on('close', onSubscriberClose);
  client.on('ready', recoverIfUp);
  client.on('close', onClientClose);
  // With Redis away at start the subscription waits in the offline queue: do not hold the start.
  const timeout = new Promise<never>((_, reject) => {
    setTimeout(() => reject(new Error('Redis did not confirm the subscription within 2 s')), 2_000).unref();
  });
  await Promise.race([subscriber.subscribe(channel), timeout]).then(
    () => {
      subscribed = true;
    },
    (error: unknown) => markDown(error),
  );

  return {
    listen(onChange, onGap) {
      receive = onChange;
      gap = onGap;
    },
    async send(change) {
      try {
        await client.publish(channel, JSON.stringify({ o: instanceId, e: change }));
        publishFailing = false;
      } catch (error) {
        if (!publishFailing) log.warn({ err: error }, 'change feed: could not publish to Redis');
        publishFailing = true;
      }
    },
    state: () => (down ? 'down' : 'connected'),
    async close() {
      closed = true;
      subscriber.off('message', onMessage);
      subscriber.off('ready', onSubscriberReady);
      subscriber.off('close', onSubscriberClose);
      client.off('ready', recoverIfUp);
      client.off('close', onClientClose);
      await subscriber.unsubscribe(channel).catch(() => {});
    },
  };
}
