/**
 * Everything ingest does to a request body before the database: decode (gzip, deflate, br),
 * split the envelope, parse each event, normalize it, compute its grouping hashes, serialize the
 * normalized event's head (`write/event-body.ts`) and compress the raw payload unless it arrived
 * compressed. It is pure CPU work with no database, HTTP or
 * shared state, so the ingest workers run it (`prepare-pool.ts`) and the main thread only
 * authenticates and writes. Keep it that way: this module is what gets bundled into the workers.
 *
 * Invariants:
 * - Results and failures are plain data (structured-clone safe): an IngestError travels as its
 *   status and detail and is rebuilt unchanged on the other side.
 * - A bad event item of an envelope does not fail the envelope here: it comes back as its error,
 *   so the route can still authenticate first and answer in the same order as before.
 */

import { type ErrorReplayLink, errorReplayLinksOf } from '../../replays/error-replay-link';
import { parseReplayItems, type ReplaySegment } from '../../replays/replay-items';
import { traceLinkOf } from '../../tracing/error-trace-link';
import { emptySpans, type ParsedSpans, parseTracingItem, TRACING_ITEM_TYPES } from '../../tracing/span-items';
import { decodeBody, decodeStoreBody } from '../envelope/decode-body';
import { parseEnvelope } from '../envelope/envelope';
import { withGeoTag } from '../geo/user-geo';
import { computeGroupingHashes } from '../grouping/grouping-hash';
import { stackSignatureOf } from '../grouping/stack-signature';
import { IngestError, malformed, tooLarge } from '../ingest-error';
import { type NormalizeContext, normalizeEvent } from '../normalize/normalize-event';
import type { NormalizedEvent } from '../normalize/normalized-event';
import { type ParsedSessions, parseSessionItem, SESSION_ITEM_TYPES } from '../sessions/session-items';
import { headOf, RAW_NORMALIZE } from '../write/event-body';
import type { EventToWrite } from '../write/event-writer';
import { type EncodedRaw, encodeRaw, receivedEnvelope } from '../write/raw-encoding';

export interface PrepareLimits {
  maxCompressedBytes: number;
  maxDecompressedBytes: number;
  maxEventBytes: number;
}

export interface PrepareTask {
  /** `envelope` for `/envelope/`, `store` for the legacy `/store/` body. */
  kind: 'envelope' | 'store';
  body: Uint8Array;
  contentEncoding: string | undefined;
  context: Omit<NormalizeContext, 'eventIdFromEnvelope'>;
}

/** What an IngestError (or any other failure, as status 500) becomes between threads. */
export interface FailureData {
  status: number;
  detail: string;
  retryAfterSeconds?: number;
}

export type PreparedItem = { ok: true; event: EventToWrite } | { ok: false; failure: FailureData };

export interface Prepared {
  /** The envelope header's `dsn` (null for `/store/` bodies): the route authenticates with it. */
  dsn: string | null;
  headerEventId: string | undefined;
  /** The event items in order (one for `/store/`); other item types are left out. */
  items: PreparedItem[];
  /** Release health from `session` and `sessions` items; bad ones are only counted. */
  sessions: ParsedSessions;
  /** Spans of `transaction` and `span` items (`tracing/span-items.ts`). */
  spans: ParsedSpans;
  /** The `replay_event` + `replay_recording` segment, and error events naming their replay (`replays/`). */
  replay: ReplaySegment | null;
  replayLinks: ErrorReplayLink[];
}

export type PrepareOutcome = { ok: true; prepared: Prepared } | { ok: false; failure: FailureData };

const EVENT_ITEM_TYPES = new Set(['event']);

/** Never throws: the outcome is what crosses the thread boundary. */
export function prepareIngest(task: PrepareTask, limits: PrepareLimits): PrepareOutcome {
  try {
    return { ok: true, prepared: prepare(task, limits) };
  } catch (error) {
    return { ok: false, failure: toFailure(error) };
  }
}

export function toFailure(error: unknown): FailureData {
  if (error instanceof IngestError) {
    return error.retryAfterSeconds === undefined
      ? { status: error.status, detail: error.detail }
      : { status: error.status, detail: error.detail, retryAfterSeconds: error.retryAfterSeconds };
  }
  return { status: 500, detail: error instanceof Error ? error.message : String(error) };
}

/** The IngestError a failure stood for; anything else becomes a plain Error (a 500). */
export function fromFailure(failure: FailureData): Error {
  if (failure.status === 500) return new Error(failure.detail);
  return new IngestError(failure.status, failure.detail, { retryAfterSeconds: failure.retryAfterSeconds });
}

function prepare(task: PrepareTask, limits: PrepareLimits): Prepared {
  const body = decodeBody(
    Buffer.from(task.body.buffer, task.body.byteOffset, task.body.byteLength),
    task.contentEncoding,
    limits,
  );
  if (task.kind === 'store') {
    const payload = decodeStoreBody(body, limits);
    return {
      dsn: null,
      headerEventId: undefined,
      items: [prepareItem(payload, task.context, limits)],
      sessions: { records: [], dropped: 0 },
      spans: emptySpans(),
      replay: null,
      replayLinks: [],
    };
  }
  const envelope = parseEnvelope(body, { maxItemBytes: limits.maxEventBytes });
  const dsn = typeof envelope.headers.dsn === 'string' ? envelope.headers.dsn : null;
  const headerEventId = envelope.headers.event_id;
  const context = { ...task.context, eventIdFromEnvelope: headerEventId };
  // The body itself is the raw event when the event is all it holds (`raw-encoding.ts`).
  const asReceived = envelope.items.length === 1 ? receivedEnvelope(task.body, task.contentEncoding) : null;
  const items = envelope.items
    // Client reports and unknown types are accepted and not stored; transactions and spans are below.
    .filter((item) => EVENT_ITEM_TYPES.has(item.headers.type))
    .map((item) => prepareItem(item.payload, context, limits, asReceived));
  const sessions: ParsedSessions = { records: [], dropped: 0 };
  for (const item of envelope.items) {
    if (!SESSION_ITEM_TYPES.has(item.headers.type)) continue;
    const parsed = parseSessionItem(item.headers.type, item.payload, task.context.receivedAt);
    sessions.records.push(...parsed.records);
    sessions.dropped += parsed.dropped;
  }
  const spans = emptySpans();
  const dsc =
    typeof envelope.headers.trace === 'object' ? (envelope.headers.trace as Record<string, unknown>) : null;
  for (const item of envelope.items) {
    if (!TRACING_ITEM_TYPES.has(item.headers.type)) continue;
    parseTracingItem(item.headers.type, item.headers.content_type, item.payload, { dsc }, spans);
  }
  const replay = parseReplayItems(envelope.items);
  const replayLinks = errorReplayLinksOf(envelope.items, headerEventId);
  return { dsn, headerEventId, items, sessions, spans, replay, replayLinks };
}

function prepareItem(
  payload: Buffer,
  context: NormalizeContext,
  limits: PrepareLimits,
  asReceived: EncodedRaw | null = null,
): PreparedItem {
  try {
    return { ok: true, event: toEventToWrite(payload, context, limits, asReceived) };
  } catch (error) {
    return { ok: false, failure: toFailure(error) };
  }
}

function toEventToWrite(
  payload: Buffer,
  context: NormalizeContext,
  limits: PrepareLimits,
  asReceived: EncodedRaw | null,
): EventToWrite {
  if (payload.length > limits.maxEventBytes) {
    throw tooLarge(`event is ${payload.length} bytes; the limit is ${limits.maxEventBytes}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload.toString('utf8'));
  } catch {
    throw malformed('event payload is not valid JSON');
  }
  // Breadcrumbs and extra are neither read here nor stored in the head (`write/event-body.ts`).
  const event = normalizeEvent(parsed, { ...context, ingestOnly: true });
  const { raw: encoded, rawEncoding } = asReceived ?? encodeRaw(payload);
  return {
    eventId: event.eventId,
    projectId: event.projectId,
    timestamp: event.timestamp,
    receivedAt: event.receivedAt,
    release: event.release,
    environment: event.environment,
    issue: {
      title: event.title,
      culprit: event.culprit,
      level: event.level,
      type: event.type,
      platform: event.platform,
      logger: event.logger,
      metadata: JSON.stringify(event.metadata),
      searchText: searchTextOf(event),
      unhandled: event.handled === false,
    },
    hashes: computeGroupingHashes(event).hashes,
    stack: stackSignatureOf(event),
    userKey: userKeyOf(event),
    tags: withGeoTag(event.tags, event.user),
    // Only the head is serialized: the body is what `raw` normalizes to (`event-body.ts`).
    data: ownedBytes(Buffer.from(JSON.stringify(headOf(event)), 'utf8')),
    body: null,
    bodyEncoding: RAW_NORMALIZE,
    raw: ownedBytes(encoded),
    rawEncoding,
    size: payload.length,
    ...traceLinkOf(event.contexts),
  };
}

/**
 * The bytes in an ArrayBuffer of their own (a copy only when they are a slice of a larger one),
 * so a worker can transfer results to the main thread instead of cloning them.
 */
function ownedBytes(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? bytes
    : new Uint8Array(bytes);
}

/** What a worker hands over instead of copying: the byte buffers of its prepared events. */
export function transferablesOf(outcome: PrepareOutcome): ArrayBuffer[] {
  if (!outcome.ok) return [];
  return outcome.prepared.items.flatMap((item) => {
    if (!item.ok) return [];
    const { data, raw, body } = item.event;
    const buffers = [data.buffer as ArrayBuffer, raw.buffer as ArrayBuffer];
    return body ? [...buffers, body.buffer as ArrayBuffer] : buffers;
  });
}

export function searchTextOf(event: NormalizedEvent): string {
  return [event.title, event.culprit, event.message ?? ''].join('\n').toLowerCase().slice(0, 4000);
}

/** Who the event happened to, for the issue's distinct-user count. */
function userKeyOf(event: NormalizedEvent): string | null {
  const user = event.user;
  if (!user) return null;
  if (user.id) return `id:${user.id}`;
  if (user.email) return `email:${user.email}`;
  if (user.username) return `username:${user.username}`;
  if (user.ipAddress) return `ip:${user.ipAddress}`;
  return null;
}
