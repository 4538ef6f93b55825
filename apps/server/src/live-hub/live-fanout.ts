/**
 * Writes one turn's worth of events to their subscribers. Events published in the same turn of
 * the event loop are fanned out together, so under load each socket gets one write carrying all
 * its frames instead of one write per event (a write is a syscall: at thousands of sockets that is
 * what a fan-out costs). The concatenated bytes are built once per distinct list of events, which
 * for the usual case (every socket subscribed to the organization) means once.
 *
 * Invariants: an event reaches a connection at most once (`mark`); a connection's frames keep the
 * events' order; congestion handling stays per message (`live-connection.ts`).
 */
import { type LiveEvent, liveTopic } from '@dexter/contracts';
import type { LiveConnection } from './live-connection';
import { countsFor } from './live-topics';

export interface FanoutItem {
  event: LiveEvent;
  seq: number;
  /** The JSON message, and the same as a WebSocket frame. */
  frame: Buffer;
  framed: Buffer;
}

/** Whether a connection gets exactly the shared frame (not a per-connection view of counts). */
const takesShared = (item: FanoutItem, connection: LiveConnection) =>
  item.event.type !== 'issue.counts' || connection.topics.has(liveTopic.org(item.event.org));

export function sendItem(connection: LiveConnection, { event, seq, frame, framed }: FanoutItem): void {
  if (event.type !== 'issue.counts') {
    connection.sendFrame(frame, framed);
    return;
  }
  const view = countsFor(event, connection.topics);
  if (view === event) connection.sendCounts(view, seq, frame, framed);
  else if (view) connection.sendCounts(view, seq);
}

/**
 * `targets(event)`: the subscriber sets to look in (null: every connection). Returns how many
 * event deliveries were made.
 */
export function fanOut(
  items: readonly FanoutItem[],
  targets: (event: LiveEvent) => Iterable<Iterable<LiveConnection>>,
): number {
  if (items.length === 1) return fanOutOne(items[0]!, targets);
  const lists = new Map<LiveConnection, FanoutItem[]>();
  for (const item of items) {
    for (const set of targets(item.event)) {
      for (const connection of set) {
        if (connection.mark === item.seq) continue;
        connection.mark = item.seq;
        const list = lists.get(connection);
        if (list) list.push(item);
        else lists.set(connection, [item]);
      }
    }
  }
  const joined = new Map<string, Buffer>();
  let delivered = 0;
  for (const [connection, list] of lists) {
    delivered += list.length;
    if (list.length === 1) {
      sendItem(connection, list[0]!);
    } else if (list.every((item) => takesShared(item, connection))) {
      const key = list.map((item) => item.seq).join(',');
      let bytes = joined.get(key);
      if (!bytes) {
        bytes = Buffer.concat(list.map((item) => item.framed));
        joined.set(key, bytes);
      }
      connection.sendBatch(list, bytes);
    } else {
      for (const item of list) sendItem(connection, item);
    }
  }
  return delivered;
}

/**
 * The usual turn under steady load: one event. It goes straight to each subscriber, without the
 * per-connection lists the batching above builds (at 5,000 sockets those were 5,000 map entries
 * and arrays per event, for nothing to join).
 */
function fanOutOne(
  item: FanoutItem,
  targets: (event: LiveEvent) => Iterable<Iterable<LiveConnection>>,
): number {
  let delivered = 0;
  for (const set of targets(item.event)) {
    for (const connection of set) {
      if (connection.mark === item.seq) continue;
      connection.mark = item.seq;
      sendItem(connection, item);
      delivered += 1;
    }
  }
  return delivered;
}
