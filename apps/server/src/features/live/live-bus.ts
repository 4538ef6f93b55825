/**
 * How an event published on one instance reaches the sockets of every instance. Without Redis the
 * bus is a function call into this instance's hub. With Redis, `publish` delivers here first and
 * then publishes on one channel; each instance delivers what the others published and skips its
 * own messages (tagged with its instance id), so nothing is delivered twice locally.
 *
 * Redis away: publishing fails fast (the connection has no offline queue) and is logged once per
 * outage; every instance keeps serving its own sockets from its own sources. When both
 * connections are back (the subscriber re-subscribed, the client ready), `onRecovered` runs: the
 * caller tells its sockets to resync, since what other instances published meanwhile is lost.
 *
 * Invariant: a message that does not parse as a `LiveEvent` is dropped, never delivered.
 */
import { type LiveEvent, LiveEventSchema } from '@dexter/contracts';
import type { Redis } from 'ioredis';

export interface LiveBus {
  publish(event: LiveEvent): Promise<void>;
  /** `local`: no Redis; `connected`/`down`: whether events cross instances right now. */
  state(): 'local' | 'connected' | 'down';
  close(): Promise<void>;
}

export function createLocalBus(deliver: (event: LiveEvent) => void): LiveBus {
  return {
    async publish(event) {
      deliver(event);
    },
    state: () => 'local',
    async close() {},
  };
}

export interface RedisBusOptions {
  client: Redis;
  subscriber: Redis;
  channel?: string;
  instanceId: string;
  deliver(event: LiveEvent): void;
  onRecovered(): void;
  log: { warn(object: object, message: string): void };
}

export async function createRedisBus(options: RedisBusOptions): Promise<LiveBus> {
  const { client, subscriber, instanceId, deliver, log } = options;
  const channel = options.channel ?? 'dexter:live';
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
    const event = LiveEventSchema.safeParse((parsed as { e?: unknown }).e);
    if (event.success) deliver(event.data);
  };
  const markDown = (error?: unknown) => {
    if (down || closed) return;
    down = true;
    log.warn({ err: error }, 'live bus: Redis is unreachable; serving this instance only');
  };
  const recoverIfUp = () => {
    if (!down || closed || !subscribed || client.status !== 'ready') return;
    down = false;
    log.warn({}, 'live bus: Redis is back; sockets resync');
    options.onRecovered();
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
    async publish(event) {
      deliver(event);
      try {
        await client.publish(channel, JSON.stringify({ o: instanceId, e: event }));
        publishFailing = false;
      } catch (error) {
        if (!publishFailing) log.warn({ err: error }, 'live bus: could not publish to Redis');
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
