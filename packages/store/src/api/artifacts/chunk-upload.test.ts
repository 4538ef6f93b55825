/**
 * Chunk POSTs as Sentry's chunk endpoint checks them: each part's filename is the SHA-1 of the
 * uncompressed chunk, `file_gzip` parts are gunzipped with inflation capped at the chunk size (a
 * gzip bomb stops there), oversize parts and bodies that are not multipart are refused, all with
 * 400 `{"error"}` that names the chunk or the limit.
 */
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assemble, postChunks, sha1Hex } from '../../testing/artifact-bundles';
import { type StoreServer, startStoreServer } from '../../testing/store-harness';
import { ARTIFACT_LIMITS } from './artifact-limits';
import { ChunkError, decodeChunk } from './chunk-validation';

let server: StoreServer;

beforeAll(async () => {
  server = await startStoreServer();
});
afterAll(() => server.close());

const bytes = (text: string) => new TextEncoder().encode(text);
const errorOf = async (res: Response) => ({
  status: res.status,
  body: (await res.json()) as { error: string },
});
// A checksum never assembled, so the answer is about the chunks, not a remembered state.
const stillMissing = async (checksum: string) =>
  (
    await assemble(server, {
      checksum: sha1Hex(randomUUID()),
      chunks: [checksum],
      projects: [server.projectId],
    })
  ).body.missingChunks;

describe('POST chunk-upload', () => {
  it('keeps raw and gzipped chunks under the SHA-1 of their uncompressed bytes', async () => {
    const raw = bytes('raw chunk');
    const zipped = bytes('gzipped chunk');
    expect((await postChunks(server, [{ filename: sha1Hex(raw), bytes: raw }])).status).toBe(200);
    const res = await postChunks(server, [
      { field: 'file_gzip', filename: sha1Hex(zipped), bytes: gzipSync(zipped) },
    ]);
    expect(res.status).toBe(200);
    expect(await stillMissing(sha1Hex(raw))).toEqual([]);
    expect(await stillMissing(sha1Hex(zipped))).toEqual([]);
  });

  it('refuses a chunk whose content does not hash to its filename, and keeps nothing of it', async () => {
    const content = bytes('the real content');
    const claimed = sha1Hex('something else');
    const answer = await errorOf(await postChunks(server, [{ filename: claimed, bytes: content }]));
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe(`chunk ${claimed} does not match its content (SHA-1 ${sha1Hex(content)})`);
    expect(await stillMissing(claimed)).toEqual([claimed]);
  });

  it('refuses a filename that is not a SHA-1', async () => {
    const answer = await errorOf(await postChunks(server, [{ filename: 'chunk.bin', bytes: bytes('x') }]));
    expect(answer).toEqual({
      status: 400,
      body: { error: 'chunk filename "chunk.bin" is not a SHA-1 checksum' },
    });
  });

  it('refuses a gzip bomb once it inflates past the chunk size', async () => {
    const bomb = Buffer.alloc(ARTIFACT_LIMITS.chunkSize + 1024 * 1024);
    const compressed = gzipSync(bomb);
    expect(compressed.length).toBeLessThan(64 * 1024);
    const answer = await errorOf(
      await postChunks(server, [{ field: 'file_gzip', filename: sha1Hex(bomb), bytes: compressed }]),
    );
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe(
      `chunk ${sha1Hex(bomb)} inflates past the limit of ${ARTIFACT_LIMITS.chunkSize} bytes`,
    );
  });

  it('refuses a part larger than the chunk size', async () => {
    const big = Buffer.alloc(ARTIFACT_LIMITS.chunkSize + 1, 1);
    const answer = await errorOf(await postChunks(server, [{ filename: sha1Hex(big), bytes: big }]));
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(/a chunk exceeds 8388608 bytes/);
  });

  it('refuses parts with other names, mixed part kinds and bodies that are not multipart', async () => {
    const one = bytes('one');
    const other = await errorOf(
      await postChunks(server, [{ field: 'chunk', filename: sha1Hex(one), bytes: one }]),
    );
    expect(other).toEqual({
      status: 400,
      body: { error: 'unexpected part "chunk": chunks are sent as "file" or "file_gzip"' },
    });
    const mixed = await errorOf(
      await postChunks(server, [
        { filename: sha1Hex(one), bytes: one },
        { field: 'file_gzip', filename: sha1Hex(one), bytes: gzipSync(one) },
      ]),
    );
    expect(mixed).toEqual({ status: 400, body: { error: 'a request mixes "file" and "file_gzip" parts' } });
    const json = await server.api(`/api/0/organizations/${server.org}/chunk-upload/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(await errorOf(json)).toEqual({
      status: 400,
      body: { error: 'chunks are sent as multipart/form-data' },
    });
  });
});

describe('decodeChunk', () => {
  it('decodes a `file` part per the request Content-Encoding and refuses encodings it does not know', () => {
    const data = Buffer.from('payload');
    const decoded = decodeChunk(
      { field: 'file', filename: sha1Hex(data), bytes: gzipSync(data) },
      'gzip',
      1024,
    );
    expect(decoded.data.toString()).toBe('payload');
    expect(() => decodeChunk({ field: 'file', filename: sha1Hex(data), bytes: data }, 'zstd', 1024)).toThrow(
      new ChunkError('Content-Encoding "zstd" is not supported; use gzip'),
    );
  });

  it('refuses corrupt gzip as such', () => {
    expect(() =>
      decodeChunk(
        { field: 'file_gzip', filename: 'a'.repeat(40), bytes: bytes('not gzip') },
        undefined,
        1024,
      ),
    ).toThrow(`chunk ${'a'.repeat(40)} is not valid gzip data`);
  });
});
