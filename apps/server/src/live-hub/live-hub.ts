/**
 * The fan-out of one instance: the sockets connected here, indexed by topic; the sequence
 * numbers of this instance's stream; the replay ring; heartbeats; and the tick that drains
 * congested sockets. Every event reaching `deliver` (from this instance's sources or, through the
 * bus, from other instances) is encoded once, at the end of the turn it arrived in, and written
 * to every matching socket together with the rest of that turn's events (`live-fanout.ts`).
 *
 * Invariants:
 * - one `seq` per delivered event, increasing; the same frame (and seq) for every subscriber;
 * - `seq`, the ring and `hello` only ever reflect flushed events, so a replay and the flush of
 *   queued events never send the same event twice;
 * - an event reaches a connection at most once, however many of its topics it subscribed;
 * - a subscription with `since` either replays every matching event after it (from the ring) or
 *   gets a `resync`; never a silent gap;
 * - a socket that has not answered the previous ping when the next is due is terminated.
 */
import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import { LIVE_CLOSE_SIGNED_OUT, type LiveEvent, type LiveSince } from '@dexter/contracts';
import type { WebSocket } from 'ws';
import { createLiveConnection, encode, type LiveConnection } from './live-connection';
import { type FanoutItem, fanOut } from './live-fanout';
import { createRing } from './live-ring';
import { countsFor, covers, topicsOf } from './live-topics';
import { textFrame } from './websocket-frame';

export interface LiveHubOptions {
  heartbeatMs: number;
  /** The tick that drains congested sockets; also how often merged counts can go out. */
  flushMs?: number;
  highWaterBytes?: number;
  maxPendingIssues?: number;
  ringCapacity?: number;
  ringMaxAgeMs?: number;
  now?: () => number;
}

export function createLiveHub(options: LiveHubOptions) {
  const now = options.now ?? Date.now;
  const highWaterBytes = options.highWaterBytes ?? 256 * 1024;
  const stream = randomUUID();
  let seq = 0;
  const connections = new Set<LiveConnection>();
  const byTopic = new Map<string, Set<LiveConnection>>();
  const congested = new Set<LiveConnection>();
  const ring = createRing<{ event: LiveEvent; frame: Buffer }>({
    capacity: options.ringCapacity ?? 4096,
    maxAgeMs: options.ringMaxAgeMs ?? 5 * 60_000,
  });
  let upstreamStatus: Extract<LiveEvent, { type: 'upstream.degraded' }> | null = null;
  const figures = { delivered: 0, bytes: 0, terminated: 0, resyncs: 0 };
  // Events wait here for the end of the current turn; `flush` numbers and sends them together.
  const queue: LiveEvent[] = [];
  let scheduled: NodeJS.Immediate | null = null;

  const targets = (event: LiveEvent): Iterable<Iterable<LiveConnection>> => {
    const topics = topicsOf(event);
    if (topics === null) return [connections];
    return topics.map((topic) => byTopic.get(topic) ?? []);
  };

  function flush(): void {
    if (scheduled) clearImmediate(scheduled);
    scheduled = null;
    const items: FanoutItem[] = queue.splice(0).map((event) => {
      seq += 1;
      const frame = encode({ ...event, seq });
      if (event.type === 'upstream.degraded') upstreamStatus = event;
      ring.push(seq, { event, frame }, now());
      return { event, seq, frame, framed: textFrame(frame) };
    });
    figures.delivered += fanOut(items, targets);
  }

  const forget = (connection: LiveConnection, topic: string) => {
    const set = byTopic.get(topic);
    set?.delete(connection);
    if (set?.size === 0) byTopic.delete(topic);
  };

  function replay(connection: LiveConnection, topic: string, since: LiveSince, before: Set<string>) {
    const resync = (reason: 'gap' | 'stream-changed') => {
      figures.resyncs += 1;
      connection.sendMessage({ type: 'resync', seq, topic, reason });
    };
    if (since.stream !== stream) return resync('stream-changed');
    const entries = since.seq > seq ? null : ring.since(since.seq, now());
    if (!entries) return resync('gap');
    const only = new Set([topic]);
    for (const { seq: entrySeq, item } of entries) {
      const { event, frame } = item;
      if (topicsOf(event) === null) continue;
      if (event.type === 'issue.counts') {
        const view = countsFor(event, only, before);
        if (view) connection.sendCounts(view, entrySeq);
      } else if (covers(event, only) && !covers(event, before)) {
        connection.sendFrame(frame);
      }
    }
  }

  const heartbeat = setInterval(() => {
    for (const connection of connections) {
      if (!connection.alive) {
        figures.terminated += 1;
        connection.socket.terminate();
        continue;
      }
      connection.alive = false;
      connection.socket.ping();
      void connection.stillSignedIn?.().then((signedIn) => {
        const { socket } = connection;
        if (!signedIn && socket.readyState === socket.OPEN) socket.close(LIVE_CLOSE_SIGNED_OUT, 'signed out');
      });
    }
  }, options.heartbeatMs);
  const tick = setInterval(() => {
    for (const connection of congested) if (connection.drain(seq)) congested.delete(connection);
  }, options.flushMs ?? 250);
  heartbeat.unref();
  tick.unref();

  return {
    stream,
    /** Registers a new socket and greets it; it leaves every topic when it closes. */
    attach(socket: WebSocket, tcp: Writable | null = null): LiveConnection {
      const connection = createLiveConnection(socket, tcp, {
        highWaterBytes,
        maxPendingIssues: options.maxPendingIssues ?? 1000,
        onWrite: (bytes) => {
          figures.bytes += bytes;
        },
        onCongested: () => congested.add(connection),
      });
      connections.add(connection);
      socket.on('pong', () => {
        connection.alive = true;
      });
      socket.on('close', () => {
        connections.delete(connection);
        congested.delete(connection);
        for (const topic of connection.topics) forget(connection, topic);
      });
      connection.sendMessage({ type: 'hello', stream, seq, heartbeatMs: options.heartbeatMs });
      if (upstreamStatus?.degraded) connection.sendMessage({ ...upstreamStatus, seq });
      return connection;
    },

    /** Adds a topic (the caller has authorized it) and replays what the client missed, if asked. */
    subscribe(connection: LiveConnection, topic: string, since?: LiveSince): void {
      const before = new Set(connection.topics);
      connection.topics.add(topic);
      const set = byTopic.get(topic) ?? new Set();
      set.add(connection);
      byTopic.set(topic, set);
      if (since) replay(connection, topic, since, before);
    },

    unsubscribe(connection: LiveConnection, topic: string): void {
      connection.topics.delete(topic);
      forget(connection, topic);
    },

    /**
     * Queues the event; at the end of this turn it gets the next seq, joins the ring and is
     * written to every subscriber (with whatever else was delivered in the same turn).
     */
    deliver(event: LiveEvent): void {
      queue.push(event);
      scheduled ??= setImmediate(flush);
    },

    /** Sends what is queued now (tests, shutdown). */
    flush,

    /** Tells every connection to refetch (events from other instances may have been lost). */
    resyncAll(reason: 'bus-recovered'): void {
      for (const connection of connections) {
        figures.resyncs += 1;
        connection.sendMessage({ type: 'resync', seq, topic: null, reason });
      }
    },

    /** Topics with at least one subscriber here, optionally by prefix (`job:`). */
    topics(prefix = ''): string[] {
      return [...byTopic.keys()].filter((topic) => topic.startsWith(prefix));
    },

    stats() {
      let buffered = 0;
      let peakBuffered = 0;
      let pendingIssues = 0;
      for (const connection of connections) {
        buffered += connection.socket.bufferedAmount;
        peakBuffered = Math.max(peakBuffered, connection.peakBufferedBytes);
        pendingIssues += connection.pendingIssues;
      }
      return {
        stream,
        seq,
        connections: connections.size,
        topics: byTopic.size,
        congested: congested.size,
        bufferedBytes: buffered,
        peakBufferedBytes: peakBuffered,
        pendingIssues,
        highWaterBytes,
        ringSize: ring.size,
        ...figures,
      };
    },

    close(): void {
      flush();
      clearInterval(heartbeat);
      clearInterval(tick);
    },
  };
}

export type LiveHub = ReturnType<typeof createLiveHub>;
