/**
 * How the SDK's payload is kept in `events.raw`. It is stored only to be read back whole (support,
 * reprocessing), never queried, so it is brotli-compressed at quality 1: JSON events shrink about
 * six-fold for ~0.1 ms of an ingest worker's time, which halves the bytes every commit and WAL
 * checkpoint write. Rows from before migration 0003 are `identity` JSON text.
 */
import zlib from 'node:zlib';

export type RawEncoding = 'identity' | 'br';

export interface EncodedRaw {
  raw: Uint8Array;
  rawEncoding: RawEncoding;
}

export function encodeRaw(payload: Uint8Array): EncodedRaw {
  const raw = zlib.brotliCompressSync(payload, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 1,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: payload.length,
    },
  });
  return { raw, rawEncoding: 'br' };
}

/** The payload as the SDK sent it (JSON text), from a row's `raw` and `raw_encoding`. */
export function decodeRaw(raw: string | Uint8Array, encoding: string): string {
  if (encoding === 'identity') return typeof raw === 'string' ? raw : Buffer.from(raw).toString('utf8');
  if (encoding === 'br' && typeof raw !== 'string') return zlib.brotliDecompressSync(raw).toString('utf8');
  throw new Error(`events.raw has an unknown encoding: ${encoding}`);
}
