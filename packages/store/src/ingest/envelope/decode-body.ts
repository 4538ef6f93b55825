// Turns a request body into the bytes of an envelope or a store event, refusing oversized input
// before and during decompression.
//
// Why: `@sentry/node` gzips bodies above 32 KiB, other SDKs use deflate or br, and the legacy
// `/store/` endpoint also accepts base64(zlib(json)) with no header at all (develop store.mdx).
//
// Invariants:
// - Nothing is allocated beyond `maxDecompressedBytes`: zlib's `maxOutputLength` stops inflation at
//   the cap, so a gzip bomb costs at most the cap in memory and the time to inflate that much.
// - Every failure is an IngestError: tooLarge (413) for limits, malformed (400) for corrupt data or
//   an unsupported encoding, with a message naming the encoding.

import zlib from 'node:zlib';
import { malformed, tooLarge } from '../ingest-error';

export interface DecodeLimits {
  /** Largest body accepted as sent over the wire. */
  maxCompressedBytes: number;
  /** Largest body accepted after decompression (and for identity bodies). */
  maxDecompressedBytes: number;
}

type Decoder = (input: Buffer, maxOutputLength: number) => Buffer;

// zstd is in Sentry's accepted list but only Node >= 22.15 ships it; detect instead of pinning a version.
const zstdDecompressSync: unknown = Reflect.get(zlib, 'zstdDecompressSync');

// A Map, not an object literal: `Content-Encoding: constructor` must not find Object.prototype members.
const DECODERS = new Map<string, Decoder>([
  ['gzip', gunzip],
  ['x-gzip', gunzip],
  ['deflate', inflateZlibOrRaw],
  ['br', (input, max) => zlib.brotliDecompressSync(input, { maxOutputLength: max })],
]);
if (typeof zstdDecompressSync === 'function') {
  DECODERS.set('zstd', (input, max) => {
    const output: unknown = zstdDecompressSync(input, { maxOutputLength: max });
    if (!Buffer.isBuffer(output)) throw new Error('zstd decoder returned no buffer');
    return output;
  });
}

export function decodeBody(body: Buffer, contentEncoding: string | undefined, limits: DecodeLimits): Buffer {
  if (body.length > limits.maxCompressedBytes) {
    throw tooLarge(`body of ${body.length} bytes exceeds the ${limits.maxCompressedBytes}-byte limit`);
  }
  // `Content-Encoding: gzip, br` means gzip was applied first, so decode right to left.
  const encodings = (contentEncoding ?? '')
    .split(',')
    .map((token) => token.trim().toLowerCase())
    .filter((token) => token !== '' && token !== 'identity');
  let current = body;
  for (const encoding of encodings.reverse()) {
    current = decodeOne(current, encoding, limits.maxDecompressedBytes);
  }
  if (current.length > limits.maxDecompressedBytes) {
    throw tooLarge(`body of ${current.length} bytes exceeds the ${limits.maxDecompressedBytes}-byte limit`);
  }
  return current;
}

/**
 * `/store/` only: takes the output of `decodeBody` and, when it is not a JSON object, reads it as
 * base64(zlib(json)) (older Python and PHP SDKs send that without a Content-Encoding header).
 */
export function decodeStoreBody(decoded: Buffer, limits: DecodeLimits): Buffer {
  const first = firstNonWhitespaceByte(decoded);
  if (first === undefined) throw malformed('empty body');
  if (first === 0x7b /* { */) return decoded;

  const text = decoded.toString('latin1').trim();
  // Buffer.from(..., 'base64') silently skips invalid characters; check first so garbage is named.
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text.replace(/\s+/g, ''))) {
    throw malformed('store body is neither a JSON object nor base64(zlib(JSON))');
  }
  const compressed = Buffer.from(text, 'base64');
  const inflated = decodeOne(compressed, 'base64+deflate', limits.maxDecompressedBytes, inflateZlibOrRaw);
  if (inflated.length > limits.maxDecompressedBytes) {
    throw tooLarge(`body of ${inflated.length} bytes exceeds the ${limits.maxDecompressedBytes}-byte limit`);
  }
  return inflated;
}

function decodeOne(
  input: Buffer,
  encoding: string,
  maxOutput: number,
  decoder = DECODERS.get(encoding),
): Buffer {
  if (decoder === undefined) throw malformed(`unsupported content-encoding: ${encoding}`);
  try {
    return decoder(input, maxOutput);
  } catch (error) {
    if (isOutputTooLarge(error)) {
      throw tooLarge(`${encoding} body inflates beyond the ${maxOutput}-byte limit`);
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw malformed(`invalid ${encoding} body: ${reason}`, error);
  }
}

const ZLIB_CHUNK_BYTES = 16 * 1024;
// Deflate cannot expand more than ~1,032 times; real events inflate 5-10 times.
const MAX_TRUSTED_RATIO = 64;

/**
 * gunzip into one buffer of the size the gzip trailer states (ISIZE, the input's size mod 2^32),
 * instead of zlib's 16 KiB chunks concatenated at the end: a quarter less CPU on a 50 KB event.
 * The trailer is the sender's word, so the buffer is never more than MAX_TRUSTED_RATIO times the
 * body (nor the cap): a lying or multi-member body only falls back to more chunks.
 */
function gunzip(input: Buffer, maxOutputLength: number): Buffer {
  const stated = input.length >= 18 ? input.readUInt32LE(input.length - 4) : 0;
  const chunkSize = Math.min(
    Math.max(stated + 1, ZLIB_CHUNK_BYTES),
    Math.max(input.length * MAX_TRUSTED_RATIO, ZLIB_CHUNK_BYTES),
    Math.max(maxOutputLength, ZLIB_CHUNK_BYTES),
  );
  return zlib.gunzipSync(input, { maxOutputLength, chunkSize });
}

function inflateZlibOrRaw(input: Buffer, maxOutputLength: number): Buffer {
  try {
    return zlib.inflateSync(input, { maxOutputLength });
  } catch (error) {
    // HTTP `deflate` means zlib-wrapped (RFC 9110), but some clients send raw deflate; only a
    // header mismatch is worth a second attempt, a cap hit or truncation is final.
    if (!isZlibHeaderError(error)) throw error;
    return zlib.inflateRawSync(input, { maxOutputLength });
  }
}

function isOutputTooLarge(error: unknown): boolean {
  return error instanceof RangeError && Reflect.get(error, 'code') === 'ERR_BUFFER_TOO_LARGE';
}

function isZlibHeaderError(error: unknown): boolean {
  return error instanceof Error && Reflect.get(error, 'code') === 'Z_DATA_ERROR';
}

function firstNonWhitespaceByte(buf: Buffer): number | undefined {
  for (const byte of buf) {
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return byte;
  }
  return undefined;
}
