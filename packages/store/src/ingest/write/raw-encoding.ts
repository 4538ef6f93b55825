/**
 * How the SDK's payload is kept in `events.raw` (`events.raw_encoding` says which). It is stored
 * only to be read back whole (support, reprocessing), never queried, so it is kept compressed,
 * which also halves the bytes every commit and WAL checkpoint writes:
 * - `envelope+<content-encoding>`: when the SDK sent a compressed envelope holding only this event
 *   (what `@sentry/node` sends above 32 KiB), the request body as received. Free at ingest, and
 *   the event is exactly the bytes the SDK sent.
 * - `br`: otherwise the event's JSON, brotli-compressed at quality 1: about a sixth of the size
 *   for ~0.1 ms of an ingest worker's time.
 * - `identity`: JSON text (rows from before migration 0003).
 */
import zlib from 'node:zlib';
import { decodeBody } from '../envelope/decode-body';
import { parseEnvelope } from '../envelope/envelope';

export type RawEncoding = 'identity' | 'br' | `envelope+${string}`;

export interface EncodedRaw {
  raw: Uint8Array;
  rawEncoding: RawEncoding;
}

const ENVELOPE = 'envelope+';
// Reading back trusted rows: generous bounds, only there so a damaged row cannot exhaust memory.
const READ_LIMITS = { maxCompressedBytes: 64 * 1024 * 1024, maxDecompressedBytes: 64 * 1024 * 1024 };

/** The event's JSON, compressed. */
export function encodeRaw(payload: Uint8Array): EncodedRaw {
  const raw = zlib.brotliCompressSync(payload, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 1,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: payload.length,
    },
  });
  return { raw, rawEncoding: 'br' };
}

/**
 * The request body as the raw event, when it is a single-item envelope under one compression
 * (the caller checks the item count); null when it is not compressed that way.
 */
export function receivedEnvelope(body: Uint8Array, contentEncoding: string | undefined): EncodedRaw | null {
  const encoding = (contentEncoding ?? '').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity' || encoding.includes(',')) return null;
  return { raw: body, rawEncoding: `${ENVELOPE}${encoding}` };
}

/** The payload as the SDK sent it (JSON text), from a row's `raw` and `raw_encoding`. */
export function decodeRaw(raw: string | Uint8Array, encoding: string): string {
  if (encoding === 'identity') return typeof raw === 'string' ? raw : Buffer.from(raw).toString('utf8');
  if (typeof raw === 'string') throw new Error(`events.raw is text but its encoding is ${encoding}`);
  const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  if (encoding === 'br') return zlib.brotliDecompressSync(bytes).toString('utf8');
  if (encoding.startsWith(ENVELOPE)) {
    const body = decodeBody(bytes, encoding.slice(ENVELOPE.length), READ_LIMITS);
    const item = parseEnvelope(body, { maxItemBytes: READ_LIMITS.maxDecompressedBytes }).items[0];
    if (item?.headers.type !== 'event') throw new Error('events.raw holds an envelope without its event');
    return item.payload.toString('utf8');
  }
  throw new Error(`events.raw has an unknown encoding: ${encoding}`);
}
