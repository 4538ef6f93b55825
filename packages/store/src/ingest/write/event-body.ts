/**
 * How a normalized event is kept in `events`: split in two so that what queries read stays small
 * and uncompressed, and the bulk is stored once, compressed.
 *
 * - `events.data`, the head: the normalized event without its bulky parts (BODY_FIELDS), as JSON
 *   text. Everything SQL reads with `json_extract` (user, release, environment, transaction) and
 *   everything Discover's scan and rollup backfill read (`discover/event-view.ts`: title, tags,
 *   user, the exception chain's types and values) is here, so those readers see the same JSON
 *   they always did, a thirtieth of its former size (`EventHead` says what is left out).
 * - the body (exceptions with frames, loose stacktrace, breadcrumbs, request, contexts, extra,
 *   debug images, SDK), as `events.body_encoding` says:
 *   - `inline`: rows from before migration 0018; `data` is the whole event.
 *   - `raw-normalize:1`: the body is not stored: it is what normalizing the raw payload
 *     (`events.raw`, compressed, which is kept anyway) gives. At ingest it costs nothing (no
 *     second serialization, no second compression), and a ~50 KB event takes ~9.5 KB of database
 *     instead of ~61 (bench:ingest). `:1` names the normalizer's output shape; a change to how
 *     these fields are normalized that must not apply to stored events gets a new number.
 *   - `json+deflate:<dictionary>`: the body's JSON deflated with a preset dictionary
 *     (`body-dictionary.ts`), for events whose body is no longer what their raw payload
 *     normalizes to (symbolicated at ingest).
 */

import { normalizeEvent } from '../normalize/normalize-event';
import type { NormalizedEvent } from '../normalize/normalized-event';
import { deflateWithDictionary, inflateWithDictionary } from './body-dictionary';
import { decodeRaw } from './raw-encoding';

/** The normalized event's fields that live in the body. */
export const BODY_FIELDS = [
  'exceptions',
  'stacktrace',
  'breadcrumbs',
  'request',
  'contexts',
  'extra',
  'debugImages',
  'sdk',
] as const satisfies readonly (keyof NormalizedEvent)[];

type BodyField = (typeof BODY_FIELDS)[number];
export type EventBody = Pick<NormalizedEvent, BodyField>;
/**
 * The head as stored: the exceptions only as their types and values (what Discover's `error.*`
 * columns read), and fields that are null left out (`json_extract` reads a missing field as null,
 * Discover as absent); a whole-event read takes every other field from the body.
 */
export type EventHead = Omit<NormalizedEvent, BodyField> & {
  exceptions: Array<Pick<NormalizedEvent['exceptions'][number], 'type' | 'value'>>;
};

export const INLINE = 'inline';
export const RAW_NORMALIZE = 'raw-normalize:1';
const DEFLATE = 'json+deflate:';

export type BodyEncoding = typeof INLINE | typeof RAW_NORMALIZE | `${typeof DEFLATE}${string}`;

export interface StoredBody {
  body: Uint8Array | null;
  bodyEncoding: BodyEncoding;
}

/** The head: the event without its bulky fields, and its exceptions without their frames. */
export function headOf(event: NormalizedEvent): EventHead {
  const head: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(event)) {
    if (value !== null && !BODY_SET.has(field)) head[field] = value;
  }
  head.exceptions = event.exceptions.map(({ type, value }) => ({ type, value }));
  return head as EventHead;
}

const BODY_SET: ReadonlySet<string> = new Set(BODY_FIELDS);

export function bodyOf(event: NormalizedEvent): EventBody {
  return {
    exceptions: event.exceptions,
    stacktrace: event.stacktrace,
    breadcrumbs: event.breadcrumbs,
    request: event.request,
    contexts: event.contexts,
    extra: event.extra,
    debugImages: event.debugImages,
    sdk: event.sdk,
  };
}

/** The body stored explicitly, for an event whose raw payload no longer normalizes to it. */
export function encodeBody(event: NormalizedEvent): StoredBody {
  const { bytes, dictionary } = deflateWithDictionary(Buffer.from(JSON.stringify(bodyOf(event)), 'utf8'));
  return { body: bytes, bodyEncoding: `${DEFLATE}${dictionary}` };
}

/** What a row of `events` holds of one event (the columns `readStoredEvent` needs). */
export interface StoredEventRow {
  data: string;
  body: Uint8Array | null;
  body_encoding: string;
  raw: string | Uint8Array;
  raw_encoding: string;
}

/** The columns of `events` that `readStoredEvent` reads. */
export const STORED_EVENT_COLUMNS = ['data', 'body', 'body_encoding', 'raw', 'raw_encoding'] as const;

/** The whole normalized event of a row, whichever way it was stored. */
export function readStoredEvent(row: StoredEventRow): NormalizedEvent {
  if (row.body_encoding === INLINE) return JSON.parse(row.data) as NormalizedEvent;
  const head = readEventHead(row);
  return { ...head, ...readBody(head, row) };
}

/**
 * The head alone, its left-out nulls back: enough for lists, which show no body (see the module
 * comment); its exceptions carry only their types and values.
 */
export function readEventHead(row: Pick<StoredEventRow, 'data' | 'body_encoding'>): NormalizedEvent {
  const head = JSON.parse(row.data) as NormalizedEvent;
  if (row.body_encoding === INLINE) return head;
  return { ...NULL_HEAD_FIELDS, ...head };
}

// Every nullable field of the head, null; the head's own values are spread over it.
const NULL_HEAD_FIELDS = {
  logger: null,
  transaction: null,
  serverName: null,
  release: null,
  dist: null,
  environment: null,
  message: null,
  messageTemplate: null,
  user: null,
  fingerprint: null,
  handled: null,
} satisfies Partial<Record<keyof NormalizedEvent, null>>;

function readBody(
  head: Pick<NormalizedEvent, 'projectId' | 'receivedAt' | 'eventId'>,
  row: StoredEventRow,
): EventBody {
  const encoding = row.body_encoding;
  if (encoding === RAW_NORMALIZE) return bodyFromRaw(head, row.raw, row.raw_encoding);
  if (encoding.startsWith(DEFLATE)) {
    if (!row.body) throw new Error(`events.body is empty but its encoding is ${encoding}`);
    const json = inflateWithDictionary(row.body, encoding.slice(DEFLATE.length));
    return JSON.parse(json.toString('utf8')) as EventBody;
  }
  throw new Error(`events.body has an unknown encoding: ${encoding}`);
}

/**
 * The body of an event as its raw payload normalizes. The head supplies what the normalizer would
 * otherwise take from the request (project, receive time, event id); the head's own fields win
 * over anything normalized here, since they are what was stored.
 */
export function bodyFromRaw(
  head: Pick<NormalizedEvent, 'projectId' | 'receivedAt' | 'eventId'>,
  raw: string | Uint8Array,
  rawEncoding: string,
): EventBody {
  const event = normalizeEvent(JSON.parse(decodeRaw(raw, rawEncoding)), {
    projectId: head.projectId,
    receivedAt: head.receivedAt,
    eventIdFromEnvelope: head.eventId,
  });
  return bodyOf(event);
}
