// Parses a Sentry envelope (develop envelopes.mdx) into headers and raw item payloads.
//
// Grammar: `Envelope = Headers { "\n" Item } [ "\n" ]`, `Item = Headers "\n" Payload`. Headers are
// one-line JSON objects. With `length`, a payload is exactly that many BYTES followed by "\n" or EOF;
// without it, the payload runs to the next "\n" or EOF. `@sentry/core`'s serializeEnvelope writes no
// trailing newline and gives `length` only to binary items, so both forms are the common case.
//
// Invariants:
// - Offsets are byte offsets into the Buffer, never string indices, so `length` counts UTF-8 bytes
//   and binary payloads (attachments with newlines inside) survive untouched.
// - Payloads are `subarray` views of the input: no copy, and bytes (including a stray "\r") are never
//   stripped from inside a payload.
// - Items of unknown type are returned like any other; the caller decides what to skip.
// - Leniency matches Relay's stream deserializer: whitespace (blank lines, "\r") before a header and
//   after the last item is skipped.
// - Every failure is an IngestError naming the item (1-based) and what is wrong.

import { malformed, tooLarge } from '../ingest-error';

export interface EnvelopeHeaders {
  /** 32 lowercase hex characters (dashes removed) when present. */
  event_id?: string;
  dsn?: string;
  sdk?: { name?: string; version?: string };
  sent_at?: string;
  [key: string]: unknown;
}

export interface EnvelopeItemHeaders {
  type: string;
  length?: number;
  content_type?: string;
  filename?: string;
  [key: string]: unknown;
}

export interface EnvelopeItem {
  headers: EnvelopeItemHeaders;
  payload: Buffer;
}

export interface Envelope {
  headers: EnvelopeHeaders;
  items: EnvelopeItem[];
}

export interface EnvelopeLimits {
  /** Largest payload for the item types in SIZE_LIMITED_ITEM_TYPES (Relay: 1 MiB). */
  maxItemBytes: number;
  /** Most items accepted in one envelope; SDKs send a handful. Default 1000. */
  maxItems?: number;
}

/** Item types whose payload is one event and so is held to `maxItemBytes`. */
export const SIZE_LIMITED_ITEM_TYPES: ReadonlySet<string> = new Set(['event', 'transaction']);

// A header is one line of JSON; anything longer is not a header a real SDK wrote.
const MAX_HEADER_BYTES = 64 * 1024;
const DEFAULT_MAX_ITEMS = 1000;
const NEWLINE = 0x0a;
const EVENT_ID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

export function parseEnvelope(buf: Buffer, limits: EnvelopeLimits): Envelope {
  const maxItems = limits.maxItems ?? DEFAULT_MAX_ITEMS;
  let offset = skipWhitespace(buf, 0);
  if (offset >= buf.length) throw malformed('envelope header missing');

  const envelopeLine = readLine(buf, offset, 'envelope header');
  const headers = toEnvelopeHeaders(parseHeaderJson(envelopeLine.text, 'envelope header'));
  offset = envelopeLine.next;

  const items: EnvelopeItem[] = [];
  for (offset = skipWhitespace(buf, offset); offset < buf.length; offset = skipWhitespace(buf, offset)) {
    const where = `envelope item ${items.length + 1}`;
    if (items.length >= maxItems) throw tooLarge(`envelope has more than ${maxItems} items`);

    const headerLine = readLine(buf, offset, `${where}: header`);
    const itemHeaders = toItemHeaders(parseHeaderJson(headerLine.text, `${where}: header`), where);
    const payloadStart = headerLine.next;

    let payloadEnd: number;
    if (itemHeaders.length !== undefined) {
      const remaining = buf.length - payloadStart;
      if (itemHeaders.length > remaining) {
        throw malformed(`${where}: length ${itemHeaders.length} exceeds remaining ${remaining} bytes`);
      }
      payloadEnd = payloadStart + itemHeaders.length;
      if (payloadEnd < buf.length && buf[payloadEnd] !== NEWLINE) {
        throw malformed(`${where}: payload of length ${itemHeaders.length} is not followed by a newline`);
      }
    } else {
      const newline = buf.indexOf(NEWLINE, payloadStart);
      payloadEnd = newline === -1 ? buf.length : newline;
    }

    const size = payloadEnd - payloadStart;
    if (SIZE_LIMITED_ITEM_TYPES.has(itemHeaders.type) && size > limits.maxItemBytes) {
      throw tooLarge(
        `${where} (${itemHeaders.type}): ${size} bytes exceeds the ${limits.maxItemBytes}-byte limit`,
      );
    }
    items.push({ headers: itemHeaders, payload: buf.subarray(payloadStart, payloadEnd) });
    offset = payloadEnd + 1;
  }
  return { headers, items };
}

/** Reads one header line starting at `start`; `next` is the first byte after its newline (or EOF). */
function readLine(buf: Buffer, start: number, where: string): { text: string; next: number } {
  const newline = buf.indexOf(NEWLINE, start);
  const end = newline === -1 ? buf.length : newline;
  if (end - start > MAX_HEADER_BYTES) {
    throw malformed(`${where} is longer than ${MAX_HEADER_BYTES} bytes (missing newline?)`);
  }
  return { text: buf.toString('utf8', start, end), next: newline === -1 ? buf.length : newline + 1 };
}

function parseHeaderJson(text: string, where: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw malformed(`${where} is not valid JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw malformed(`${where} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

function toEnvelopeHeaders(raw: Record<string, unknown>): EnvelopeHeaders {
  const { event_id, dsn, sdk, sent_at, ...rest } = raw;
  const headers: EnvelopeHeaders = { ...rest };
  if (event_id !== undefined && event_id !== null) {
    if (typeof event_id !== 'string' || !EVENT_ID.test(event_id)) {
      throw malformed('envelope header event_id is not a UUID');
    }
    headers.event_id = event_id.replace(/-/g, '').toLowerCase();
  }
  if (dsn !== undefined && dsn !== null) {
    if (typeof dsn !== 'string') throw malformed('envelope header dsn is not a string');
    headers.dsn = dsn;
  }
  // sdk and sent_at are informational: a wrong type is dropped rather than failing the upload.
  if (typeof sdk === 'object' && sdk !== null && !Array.isArray(sdk)) {
    const { name, version } = sdk as Record<string, unknown>;
    headers.sdk = {
      ...(typeof name === 'string' ? { name } : {}),
      ...(typeof version === 'string' ? { version } : {}),
    };
  }
  if (typeof sent_at === 'string') headers.sent_at = sent_at;
  return headers;
}

function toItemHeaders(raw: Record<string, unknown>, where: string): EnvelopeItemHeaders {
  const { type, length, content_type, filename, ...rest } = raw;
  if (typeof type !== 'string' || type === '') throw malformed(`${where}: header has no type`);
  const headers: EnvelopeItemHeaders = { ...rest, type };
  // Relay treats a null length like a missing one.
  if (length !== undefined && length !== null) {
    if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0) {
      throw malformed(`${where}: length is not a non-negative integer`);
    }
    headers.length = length;
  }
  if (typeof content_type === 'string') headers.content_type = content_type;
  if (typeof filename === 'string') headers.filename = filename;
  return headers;
}

function skipWhitespace(buf: Buffer, start: number): number {
  let i = start;
  while (i < buf.length) {
    const byte = buf[i];
    if (byte !== 0x0a && byte !== 0x0d && byte !== 0x20 && byte !== 0x09) break;
    i += 1;
  }
  return i;
}
