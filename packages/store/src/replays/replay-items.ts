/**
 * Turns the `replay_event` and `replay_recording` items of an envelope into one replay segment to
 * store (develop `sdk/replays.mdx`; js `replay-internal/src/util/createReplayEnvelope.ts`). Pure
 * and bounded: it runs in the ingest workers, and its result is plain data.
 *
 * Invariants:
 * - The two items come together; one without the other, a replay id that is not 32 hex, a
 *   segment id that is not a non-negative integer, or a recording that is not an rrweb event array
 *   is refused with a 400 naming the item and field.
 * - A recording body is zlib (what the SDK's compression worker writes) or plain JSON, tried in
 *   that order as Relay does; it is decompressed at most up to REPLAY_LIMITS.segmentDecompressedBytes
 *   (a 413 beyond), and stored zlib-compressed either way.
 * - Nothing of a recording is rewritten: masked text stays as the SDK masked it.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import type { EnvelopeItem } from '../ingest/envelope/envelope';
import { malformed, tooLarge } from '../ingest/ingest-error';
import { asRecord, boundRecord, type JsonRecord, parseTimestamp, str } from '../ingest/normalize/coerce';
import { normalizeTraceId } from '../tracing/span-items';
import { REPLAY_LIMITS } from './replay-limits';
import { browserAndOsOf } from './user-agent';

export const REPLAY_ITEM_TYPES: ReadonlySet<string> = new Set(['replay_event', 'replay_recording']);

export interface ReplaySegment {
  replayId: string;
  segmentId: number;
  /** Epoch ms: the replay's start (the SDK's `replay_start_timestamp`, else the first event). */
  startedAt: number;
  /** Epoch ms of the segment's last event (or the replay_event's `timestamp`). */
  finishedAt: number;
  replayType: string | null;
  environment: string | null;
  release: string | null;
  dist: string | null;
  platform: string | null;
  urls: string[];
  traceIds: string[];
  /** Error events the SDK says happened in this segment (the deprecated `error_ids`). */
  errorIds: string[];
  /** JSON of the replay's user, SDK, contexts (browser, os, device) and tags, or null. */
  user: string | null;
  sdk: string | null;
  contexts: string | null;
  tags: string | null;
  clicks: number;
  /** The rrweb event array, zlib-compressed. */
  recording: Uint8Array;
}

/** The replay segment of an envelope, or null when it has no replay items. */
export function parseReplayItems(items: readonly EnvelopeItem[]): ReplaySegment | null {
  const eventItem = items.find((item) => item.headers.type === 'replay_event');
  const recordingItem = items.find((item) => item.headers.type === 'replay_recording');
  if (!eventItem && !recordingItem) return null;
  if (!eventItem) throw malformed('replay_recording item without its replay_event item');
  if (!recordingItem) throw malformed('replay_event item without its replay_recording item');
  const event = parseEventJson(eventItem.payload);
  const replayId = hex32(event.replay_id ?? event.event_id);
  if (replayId === null) throw malformed('replay_event: replay_id must be 32 hexadecimal characters');
  const segmentId = event.segment_id;
  if (typeof segmentId !== 'number' || !Number.isInteger(segmentId) || segmentId < 0) {
    throw malformed('replay_event: segment_id must be a non-negative integer');
  }
  const timestamp = parseTimestamp(event.timestamp);
  if (timestamp === null) throw malformed('replay_event: timestamp is missing or not a timestamp');
  const recording = parseRecording(recordingItem.payload, segmentId);
  const start = parseTimestamp(event.replay_start_timestamp) ?? recording.firstMs ?? timestamp;
  const request = asRecord(event.request);
  const userAgent = str(asRecord(request?.headers)?.['User-Agent'], 1000);
  const contexts = { ...browserAndOsOf(userAgent), ...(boundRecord(event.contexts) ?? {}) };
  return {
    replayId,
    segmentId,
    startedAt: start,
    finishedAt: Math.max(timestamp, recording.lastMs ?? timestamp),
    replayType: str(event.replay_type, REPLAY_LIMITS.name),
    environment: str(event.environment, REPLAY_LIMITS.name),
    release: str(event.release, REPLAY_LIMITS.name),
    dist: str(event.dist, REPLAY_LIMITS.name),
    platform: str(event.platform, REPLAY_LIMITS.name),
    urls: stringsOf(event.urls, REPLAY_LIMITS.urlsPerReplay, REPLAY_LIMITS.urlChars),
    traceIds: idsOf(event.trace_ids, REPLAY_LIMITS.traceIdsPerReplay),
    errorIds: idsOf(event.error_ids, REPLAY_LIMITS.errorIdsPerSegment),
    user: jsonOrNull(boundRecord(event.user)),
    sdk: jsonOrNull(boundRecord(event.sdk)),
    contexts: jsonOrNull(contexts),
    tags: jsonOrNull(boundRecord(event.tags)),
    clicks: recording.clicks,
    recording: recording.compressed,
  };
}

function parseEventJson(payload: Buffer): JsonRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload.toString('utf8'));
  } catch {
    throw malformed('replay_event item is not valid JSON');
  }
  const record = asRecord(parsed);
  if (record === null) throw malformed('replay_event item must be a JSON object');
  return record;
}

interface ParsedRecording {
  compressed: Uint8Array;
  firstMs: number | null;
  lastMs: number | null;
  clicks: number;
}

/** `{"segment_id":N}\n<body>` (js `util/prepareRecordingData.ts`). */
function parseRecording(payload: Buffer, segmentId: number): ParsedRecording {
  const newline = payload.indexOf(0x0a);
  if (newline < 0) throw malformed('replay_recording: the {"segment_id"} header line is missing');
  let header: JsonRecord | null = null;
  try {
    header = asRecord(JSON.parse(payload.subarray(0, newline).toString('utf8')));
  } catch {
    header = null;
  }
  if (header === null || header.segment_id !== segmentId) {
    throw malformed(`replay_recording: segment_id must be the replay_event's (${segmentId})`);
  }
  const body = payload.subarray(newline + 1);
  const { json, zlib } = decompress(body);
  let events: unknown;
  try {
    events = JSON.parse(json.toString('utf8'));
  } catch {
    throw malformed('replay_recording: the body is neither zlib nor JSON');
  }
  if (!Array.isArray(events)) throw malformed('replay_recording: the body must be an array of rrweb events');
  let firstMs: number | null = null;
  let lastMs: number | null = null;
  let clicks = 0;
  for (const [index, raw] of events.entries()) {
    const event = asRecord(raw);
    if (event === null || typeof event.type !== 'number' || typeof event.timestamp !== 'number') {
      throw malformed(`replay_recording: events[${index}] needs a numeric type and timestamp`);
    }
    // rrweb writes ms; the SDK's performanceSpan custom events write seconds.
    const ms = event.timestamp < 1e11 ? event.timestamp * 1000 : event.timestamp;
    if (firstMs === null || ms < firstMs) firstMs = ms;
    if (lastMs === null || ms > lastMs) lastMs = ms;
    if (isClick(event)) clicks += 1;
  }
  return {
    compressed: zlib ? new Uint8Array(body) : new Uint8Array(deflateSync(json)),
    firstMs,
    lastMs,
    clicks,
  };
}

function decompress(body: Buffer): { json: Buffer; zlib: boolean } {
  if (body[0] === 0x78) {
    try {
      return {
        json: inflateSync(body, { maxOutputLength: REPLAY_LIMITS.segmentDecompressedBytes }),
        zlib: true,
      };
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw tooLarge(
          `replay_recording: decompressed segment exceeds ${REPLAY_LIMITS.segmentDecompressedBytes} bytes`,
        );
      }
      // Not zlib after all: Relay falls back to plain JSON too.
    }
  }
  if (body.length > REPLAY_LIMITS.segmentDecompressedBytes) {
    throw tooLarge(`replay_recording: segment exceeds ${REPLAY_LIMITS.segmentDecompressedBytes} bytes`);
  }
  return { json: body, zlib: false };
}

/** Sentry's breadcrumb custom event for a click (`type:5, data.tag:"breadcrumb"`). */
function isClick(event: JsonRecord): boolean {
  if (event.type !== 5) return false;
  const data = asRecord(event.data);
  return data?.tag === 'breadcrumb' && asRecord(data.payload)?.category === 'ui.click';
}

const HEX32 = /^[0-9a-f]{32}$/;

export function hex32(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 36) return null;
  const id = value.replaceAll('-', '').toLowerCase();
  return HEX32.test(id) ? id : null;
}

function idsOf(value: unknown, max: number): string[] {
  if (!Array.isArray(value)) return [];
  const ids = new Set<string>();
  for (const raw of value.slice(0, max)) {
    const id = normalizeTraceId(raw);
    if (id !== null) ids.add(id);
  }
  return [...ids];
}

function stringsOf(value: unknown, max: number, chars: number): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .slice(0, max)
    .map((raw) => str(raw, chars))
    .filter((url): url is string => url !== null);
}

function jsonOrNull(value: JsonRecord | null): string | null {
  return value === null || Object.keys(value).length === 0 ? null : JSON.stringify(value);
}
