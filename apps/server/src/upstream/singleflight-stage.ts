/**
 * Identical in-flight GETs share one upstream call: in-process through a keyed map of promises,
 * and across Dexter instances through a Redis lock, pub/sub and the shared cache store. The key is
 * the cache's (`request-key.ts`), so whatever the cache would answer, singleflight would share.
 *
 * Across instances, per key: the instance whose `SET lock token NX PX … GET` finds no holder
 * fetches, writes the answer to the shared store under its token, releases the lock and PUBLISHes
 * the key. The others learn the holder's token from that same SET (so a holder that finishes
 * between two commands cannot be missed), wait for the message (polling the store and the lock as
 * a fallback, up to `waitTimeoutMs`), and read the answer stored under that token.
 *
 * Invariants:
 * - every caller gets its own copy of the response: one caller mutating it cannot affect another;
 * - a flight ends (and its key is free again) as soon as it settles; errors are shared with the
 *   callers already waiting in-process, but never stored for other instances: a remote waiter that
 *   finds no answer (holder failed, died, or is too slow) fetches for itself;
 * - a caller's abort rejects only that caller; the upstream call is aborted when every caller has;
 * - Redis failing degrades to in-process sharing, never to failed requests;
 * - non-GET requests pass straight through: a mutation is never shared or repeated.
 * Needs Redis >= 7.0 (`SET` with both `NX` and `GET`).
 */
import { randomUUID } from 'node:crypto';
import type { Transport, UpstreamRequest, UpstreamResponse } from '@dexter/sentry-client';
import type { Redis } from 'ioredis';
import { answerOf, type CacheStore, toCachedResponse } from './cache-store';
import { type Clock, systemClock } from './clock';
import { requestKey } from './request-key';
import type { Stage } from './stage';

export interface SingleflightRedisOptions {
  client: Redis;
  /** A connection for SUBSCRIBE; duplicated from `client` (and closed by `close()`) when absent. */
  subscriber?: Redis;
  /** Longer than the slowest upstream call, or a second instance may fetch too. */
  lockTtlMs: number;
  /** How long a waiter waits for another instance before it fetches for itself. */
  waitTimeoutMs: number;
  /** How often a waiter checks the store and the lock in case it missed the done message. */
  pollIntervalMs?: number;
  prefix?: string;
}

export interface SingleflightStageOptions {
  /** Sentry base URL + token hash, as given to the cache stage. */
  identity: string;
  redis?: SingleflightRedisOptions;
  /** The store shared by all instances; required with `redis`. */
  cacheStore?: CacheStore;
  /** Drives the cross-instance waits; defaults to the system clock. */
  clock?: Clock;
  onJoin?(operation: string, where: 'local' | 'remote'): void;
  onError?(error: unknown, context: { operation: string }): void;
}

export type SingleflightStage = Stage & { close(): Promise<void> };

interface Flight {
  promise: Promise<UpstreamResponse>;
  controller: AbortController;
  callers: number;
  originalTaken?: boolean;
}

interface Mailbox {
  woken: boolean;
  wake: () => void;
}

// Deletes the lock only if this instance still holds it: after a lock TTL expiry another
// instance may hold it, and a plain DEL would let a third one in.
const RELEASE =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

export function createSingleflightStage(options: SingleflightStageOptions): SingleflightStage {
  const { identity, onJoin } = options;
  const flights = new Map<string, Flight>();
  const shared = options.redis ? createRemoteFlights(options.redis, options) : null;

  /** Attaches one caller to a flight: its own copy of the answer, its own abort. */
  function join(key: string, flight: Flight, signal: AbortSignal | undefined): Promise<UpstreamResponse> {
    flight.callers += 1;
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        flight.callers -= 1;
        if (flight.callers === 0) {
          // Nobody is left to want the answer: free the key first, so a new caller starts afresh.
          if (flights.get(key) === flight) flights.delete(key);
          flight.controller.abort(signal?.reason);
        }
        reject(signal?.reason);
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      flight.promise.then(
        (res) => {
          signal?.removeEventListener('abort', onAbort);
          // One caller may keep the original; every other caller gets its own copy. A lone
          // caller (the common case) then pays no copy at all.
          if (flight.originalTaken) resolve(structuredClone(res));
          else {
            flight.originalTaken = true;
            resolve(res);
          }
        },
        (error: unknown) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  const stage: Stage = (next) => (req) => {
    if (req.method !== 'GET') return next(req);
    const key = requestKey(req, identity);
    const existing = flights.get(key);
    if (existing) {
      onJoin?.(req.operation, 'local');
      return join(key, existing, req.signal);
    }
    // The flight has its own signal: the first caller leaving must not cancel it for the others.
    const controller = new AbortController();
    const upstreamReq: UpstreamRequest = { ...req, signal: controller.signal };
    const promise = shared ? shared.run(key, upstreamReq, next) : next(upstreamReq);
    const flight: Flight = { promise, controller, callers: 0 };
    flights.set(key, flight);
    const settle = () => {
      if (flights.get(key) === flight) flights.delete(key);
    };
    promise.then(settle, settle);
    return join(key, flight, req.signal);
  };

  return Object.assign(stage, {
    async close() {
      await shared?.close();
    },
  });
}

/** The cross-instance half: decides per flight whether this instance fetches or waits. */
function createRemoteFlights(redis: SingleflightRedisOptions, options: SingleflightStageOptions) {
  const { cacheStore, clock = systemClock, onJoin, onError } = options;
  if (!cacheStore) throw new TypeError('createSingleflightStage: `redis` needs the shared `cacheStore`');
  const store = cacheStore;
  const { client, lockTtlMs, waitTimeoutMs, pollIntervalMs = 100, prefix = 'dexter:sf:' } = redis;
  const ownsSubscriber = !redis.subscriber;
  const subscriber = redis.subscriber ?? client.duplicate();
  const channel = `${prefix}done`;
  const lockKey = (key: string) => `${prefix}lock:${key}`;
  const resultKey = (key: string, token: string) => `sf:${key}:${token}`;
  const report = (req: UpstreamRequest) => (error: unknown) => onError?.(error, { operation: req.operation });

  // One mailbox per waiting flight: a done message that arrives while the waiter is busy with a
  // Redis command is remembered, not lost.
  const mailboxes = new Map<string, Set<Mailbox>>();
  const onMessage = (from: string, key: string) => {
    if (from !== channel) return;
    for (const mailbox of mailboxes.get(key) ?? []) {
      mailbox.woken = true;
      mailbox.wake();
    }
  };
  subscriber.on('message', onMessage);
  let subscribed: Promise<unknown> | null = null;
  const ensureSubscribed = () => {
    subscribed ??= subscriber.subscribe(channel).catch((error: unknown) => {
      subscribed = null;
      throw error;
    });
    return subscribed;
  };

  /** Resolves on a done message, after `ms`, or when `signal` aborts. */
  async function nextWake(mailbox: Mailbox, ms: number, signal: AbortSignal | undefined) {
    if (mailbox.woken) {
      mailbox.woken = false;
      return;
    }
    const tick = new AbortController();
    let slept = false;
    await new Promise<void>((resolve) => {
      mailbox.wake = resolve;
      signal?.addEventListener('abort', () => resolve(), { once: true, signal: tick.signal });
      clock.sleep(ms, tick.signal).then(
        () => {
          slept = true;
          resolve();
        },
        () => {},
      );
    });
    mailbox.woken = false;
    // Cancels a pending sleep and the abort listener; a sleep that already fired needs nothing.
    if (!slept) tick.abort();
  }

  /** Waits for the holder's answer; null when there will be none (failed, died, too slow). */
  async function awaitHolder(key: string, holder: string, mailbox: Mailbox, signal: AbortSignal | undefined) {
    const deadline = clock.now() + waitTimeoutMs;
    for (;;) {
      await nextWake(mailbox, Math.max(0, Math.min(pollIntervalMs, deadline - clock.now())), signal);
      if (signal?.aborted) throw signal.reason;
      const entry = await store.get(resultKey(key, holder));
      if (entry) return answerOf(entry);
      if ((await client.get(lockKey(key))) !== holder || clock.now() >= deadline) return null;
    }
  }

  async function lead(key: string, token: string, req: UpstreamRequest, next: Transport) {
    try {
      const res = await next(req);
      const entry = { response: toCachedResponse(res), storedAt: clock.now(), tagVersions: [] };
      await store.set(resultKey(key, token), entry, waitTimeoutMs + lockTtlMs).catch(report(req));
      return res;
    } finally {
      // Released and announced on failure too: waiters then stop waiting and fetch for themselves.
      await client.eval(RELEASE, 1, lockKey(key), token).catch(report(req));
      await client.publish(channel, key).catch(report(req));
    }
  }

  return {
    async run(key: string, req: UpstreamRequest, next: Transport): Promise<UpstreamResponse> {
      const token = randomUUID();
      const mailbox: Mailbox = { woken: false, wake: () => {} };
      // Listen before asking for the lock, so the holder's done message cannot slip past.
      const box = mailboxes.get(key) ?? new Set();
      mailboxes.set(key, box.add(mailbox));
      let leader = false;
      let answer: UpstreamResponse | null = null;
      try {
        await ensureSubscribed();
        const holder = await client.set(lockKey(key), token, 'PX', lockTtlMs, 'NX', 'GET');
        leader = holder === null;
        if (holder !== null) {
          onJoin?.(req.operation, 'remote');
          answer = await awaitHolder(key, holder, mailbox, req.signal);
        }
      } catch (error) {
        if (req.signal?.aborted) throw req.signal.reason;
        // Redis failed before anything was fetched: fetch alone rather than fail the request.
        report(req)(error);
      } finally {
        box.delete(mailbox);
        if (box.size === 0 && mailboxes.get(key) === box) mailboxes.delete(key);
      }
      if (leader) return lead(key, token, req, next);
      return answer ?? next(req);
    },
    async close() {
      subscriber.off('message', onMessage);
      if (ownsSubscriber) subscriber.disconnect();
      else if (subscribed) await subscriber.unsubscribe(channel).catch(() => {});
    },
  };
}
