/**
 * One browser's socket as the hub sees it: its topics, its heartbeat, and the one rule that keeps
 * a slow reader from growing the server's memory: nothing is written while the socket already
 * holds `highWaterBytes` unsent (`bufferedAmount`: ws's queue plus Node's socket buffer).
 *
 * While congested, `issue.counts` deltas are merged into one pending map (bounded by
 * `maxPendingIssues`) and every other message is dropped and remembered as "needs a resync".
 * Once the socket has drained below a quarter of the high-water mark, `drain` sends the merged
 * counts and then one `resync`, so the client refetches what it missed and resumes from there.
 *
 * Invariants: `bufferedAmount` never exceeds `highWaterBytes` because of a write made here; the
 * pending map never holds more than `maxPendingIssues` entries; a dropped message always leads to
 * a `resync` before anything newer is sent.
 */
import type { Writable } from 'node:stream';
import type { LiveEvent, LiveServerMessage } from '@dexter/contracts';
import type { WebSocket } from 'ws';

type Counts = Extract<LiveEvent, { type: 'issue.counts' }>;

export interface LiveConnectionOptions {
  highWaterBytes: number;
  maxPendingIssues: number;
  /** Bytes actually written, for the hub's figures. */
  onWrite(bytes: number): void;
  /** The socket just became congested: the hub starts calling `drain` on its tick. */
  onCongested(): void;
}

export const encode = (message: LiveServerMessage): Buffer => Buffer.from(JSON.stringify(message));

/**
 * `tcp`: the socket ws writes to (the upgrade request's), for frames built once per event
 * (`websocket-frame.ts`); not used when an extension (compression) was negotiated, since ws
 * would then transform what it writes.
 */
export function createLiveConnection(
  socket: WebSocket,
  tcp: Writable | null,
  options: LiveConnectionOptions,
) {
  const { highWaterBytes, maxPendingIssues, onWrite, onCongested } = options;
  const wire = tcp && socket.extensions === '' ? tcp : null;
  const topics = new Set<string>();
  let congested = false;
  let needsResync = false;
  let pending: Map<string, { org: string; issueId: string; project: string | null; events: number }> | null =
    null;
  let peakBuffered = 0;

  const write = (frame: Buffer, framed?: Buffer): boolean => {
    if (congested || socket.readyState !== socket.OPEN) return false;
    if (socket.bufferedAmount + frame.length > highWaterBytes) {
      congested = true;
      onCongested();
      return false;
    }
    if (framed && wire?.writable) wire.write(framed);
    else socket.send(frame, { binary: false });
    onWrite(frame.length);
    peakBuffered = Math.max(peakBuffered, socket.bufferedAmount);
    return true;
  };

  const merge = (event: Counts) => {
    pending ??= new Map();
    for (const entry of event.counts) {
      const key = `${event.org}\n${entry.issueId}`;
      const known = pending.get(key);
      if (known) known.events += entry.events;
      else if (pending.size < maxPendingIssues) pending.set(key, { org: event.org, ...entry });
      else needsResync = true;
    }
  };

  return {
    socket,
    topics,
    /** Heartbeat: set by a pong, cleared by each ping. */
    alive: true,
    /**
     * Asked on every heartbeat: whether the credential the socket was opened with still works
     * (the route sets it); a socket whose answer is no is closed as signed out.
     */
    stillSignedIn: null as (() => Promise<boolean>) | null,
    /** The seq last handed to this connection: one event reaching it through two topics goes once. */
    mark: -1,
    get congested() {
      return congested;
    },
    get peakBufferedBytes() {
      return peakBuffered;
    },
    /** Replies and status: dropped (and a resync owed) when congested, like any message. */
    sendMessage(message: LiveServerMessage): void {
      if (!write(encode(message))) needsResync = true;
    },
    /** An already-encoded event shared by every subscriber (`framed`: its WebSocket frame). */
    sendFrame(frame: Buffer, framed?: Buffer): void {
      if (!write(frame, framed)) needsResync = true;
    },
    /** Counts: sent now, or merged while the socket is congested. `frame`/`framed` when shared. */
    sendCounts(event: Counts, seq: number, frame?: Buffer, framed?: Buffer): void {
      if (!write(frame ?? encode({ ...event, seq }), framed)) merge(event);
    },
    /**
     * Several shared events in one write (`framedAll`: their frames, concatenated), when the
     * socket has room for all of them; otherwise one by one, each under the congestion rules.
     */
    sendBatch(
      items: ReadonlyArray<{ event: LiveEvent; seq: number; frame: Buffer; framed: Buffer }>,
      framedAll: Buffer,
    ) {
      let bytes = 0;
      for (const item of items) bytes += item.frame.length;
      const open = !congested && socket.readyState === socket.OPEN && wire?.writable;
      if (open && socket.bufferedAmount + bytes <= highWaterBytes) {
        wire!.write(framedAll);
        onWrite(bytes);
        peakBuffered = Math.max(peakBuffered, socket.bufferedAmount);
        return;
      }
      for (const { event, seq, frame, framed } of items) {
        if (event.type === 'issue.counts') this.sendCounts(event, seq, frame, framed);
        else this.sendFrame(frame, framed);
      }
    },
    /**
     * Called on the hub's tick while congested: once drained, the merged counts then a resync go
     * out at `seq`. True when the connection is no longer congested.
     */
    drain(seq: number): boolean {
      if (socket.readyState !== socket.OPEN) return true;
      if (socket.bufferedAmount > highWaterBytes / 4) return false;
      congested = false;
      const byOrg = new Map<string, Counts['counts']>();
      for (const { org, ...entry } of pending?.values() ?? []) {
        const list = byOrg.get(org) ?? [];
        list.push(entry);
        byOrg.set(org, list);
      }
      pending = null;
      for (const [org, counts] of byOrg) {
        if (!write(encode({ type: 'issue.counts', org, counts, seq }))) needsResync = true;
      }
      if (needsResync && write(encode({ type: 'resync', seq, topic: null, reason: 'overflow' }))) {
        needsResync = false;
      }
      return !congested;
    },
    get pendingIssues() {
      return pending?.size ?? 0;
    },
  };
}

export type LiveConnection = ReturnType<typeof createLiveConnection>;
