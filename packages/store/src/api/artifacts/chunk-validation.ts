/**
 * One part of a chunk POST, checked as Sentry's `chunk.py` does: the part is named `file` (raw,
 * or decoded per the request's `Content-Encoding`) or `file_gzip` (always gzip), its filename is
 * the SHA-1 of the uncompressed chunk, and the bytes must hash to it. Inflation is capped at the
 * chunk size, so a gzip bomb stops at 8 MiB. Every refusal is a ChunkError naming the part.
 */
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';

export class ChunkError extends Error {}

export const SHA1_HEX = /^[0-9a-f]{40}$/;

export type ChunkField = 'file' | 'file_gzip';

export interface ChunkPart {
  field: string;
  filename: string;
  bytes: Uint8Array;
}

export interface DecodedChunk {
  checksum: string;
  data: Buffer;
}

export function chunkFieldOf(field: string): ChunkField {
  if (field === 'file' || field === 'file_gzip') return field;
  throw new ChunkError(`unexpected part "${field.slice(0, 64)}": chunks are sent as "file" or "file_gzip"`);
}

export function decodeChunk(
  part: ChunkPart,
  contentEncoding: string | undefined,
  maxChunkBytes: number,
): DecodedChunk {
  const field = chunkFieldOf(part.field);
  const checksum = part.filename.toLowerCase();
  if (!SHA1_HEX.test(checksum))
    throw new ChunkError(`chunk filename "${part.filename.slice(0, 64)}" is not a SHA-1 checksum`);
  const encoding = (contentEncoding ?? '').trim().toLowerCase();
  let data: Buffer;
  if (field === 'file_gzip' || encoding === 'gzip') data = gunzipCapped(part.bytes, checksum, maxChunkBytes);
  else if (encoding === '' || encoding === 'identity') data = Buffer.from(part.bytes);
  else throw new ChunkError(`Content-Encoding "${encoding.slice(0, 32)}" is not supported; use gzip`);
  if (data.length > maxChunkBytes)
    throw new ChunkError(`chunk ${checksum} is ${data.length} bytes; the limit is ${maxChunkBytes}`);
  const actual = createHash('sha1').update(data).digest('hex');
  if (actual !== checksum)
    throw new ChunkError(`chunk ${checksum} does not match its content (SHA-1 ${actual})`);
  return { checksum, data };
}

function gunzipCapped(bytes: Uint8Array, checksum: string, maxChunkBytes: number): Buffer {
  try {
    return gunzipSync(bytes, { maxOutputLength: maxChunkBytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw new ChunkError(`chunk ${checksum} inflates past the limit of ${maxChunkBytes} bytes`);
    throw new ChunkError(`chunk ${checksum} is not valid gzip data`);
  }
}
