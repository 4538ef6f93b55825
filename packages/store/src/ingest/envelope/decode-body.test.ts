import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { IngestError } from '../ingest-error';
import { decodeBody, decodeStoreBody } from './decode-body';

const limits = { maxCompressedBytes: 1024 * 1024, maxDecompressedBytes: 10 * 1024 * 1024 };
const json = Buffer.from(JSON.stringify({ message: 'hello', n: [1, 2, 3] }));

function failure(fn: () => unknown): IngestError {
  try {
    fn();
  } catch (error) {
    if (error instanceof IngestError) return error;
    throw error;
  }
  throw new Error('expected an IngestError');
}

describe('decodeBody', () => {
  it.each([
    ['no header', undefined, json],
    ['identity', 'identity', json],
    ['gzip', 'gzip', zlib.gzipSync(json)],
    ['x-gzip', 'x-gzip', zlib.gzipSync(json)],
    ['upper-case GZIP with spaces', ' GZIP ', zlib.gzipSync(json)],
    ['zlib-wrapped deflate', 'deflate', zlib.deflateSync(json)],
    ['raw deflate', 'deflate', zlib.deflateRawSync(json)],
    ['brotli', 'br', zlib.brotliCompressSync(json)],
    ['two encodings, applied left to right', 'gzip, br', zlib.brotliCompressSync(zlib.gzipSync(json))],
  ])('decodes %s', (_name, encoding, body) => {
    expect(decodeBody(body, encoding, limits).equals(json)).toBe(true);
  });

  it('decodes gzip whatever its trailer states: true, understated, overstated, several members', () => {
    const big = Buffer.from(JSON.stringify({ lines: Array.from({ length: 4000 }, (_, i) => `line ${i}`) }));
    const gzip = zlib.gzipSync(big);
    const withSize = (size: number) => {
      const copy = Buffer.from(gzip);
      copy.writeUInt32LE(size, copy.length - 4);
      return copy;
    };
    expect(decodeBody(gzip, 'gzip', limits)).toEqual(big);
    // zlib checks ISIZE against the data: a wrong one is corrupt input, named as such, never a crash.
    for (const lie of [withSize(10), withSize(0xffffffff)]) {
      expect(failure(() => decodeBody(lie, 'gzip', limits)).status).toBe(400);
    }
    const twoMembers = Buffer.concat([zlib.gzipSync(big), zlib.gzipSync(json)]);
    expect(decodeBody(twoMembers, 'gzip', limits)).toEqual(Buffer.concat([big, json]));
  });

  it('refuses a gzip bomb at the cap, quickly, with 413', () => {
    const bomb = zlib.gzipSync(Buffer.alloc(50 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(100 * 1024);
    const started = performance.now();
    const error = failure(() => decodeBody(bomb, 'gzip', limits));
    expect(error.status).toBe(413);
    expect(error.detail).toContain('10485760');
    // Inflating only up to the 10 MB cap, not the 50 MB, takes well under a second.
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('refuses a brotli bomb the same way', () => {
    const bomb = zlib.brotliCompressSync(Buffer.alloc(20 * 1024 * 1024), {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 },
    });
    expect(failure(() => decodeBody(bomb, 'br', limits)).status).toBe(413);
  });

  it('refuses a body over the compressed limit before decoding it', () => {
    const body = Buffer.alloc(limits.maxCompressedBytes + 1);
    const error = failure(() => decodeBody(body, 'gzip', limits));
    expect(error.status).toBe(413);
    expect(error.detail).toContain('body of 1048577 bytes');
  });

  it('refuses an identity body over the decompressed limit', () => {
    const small = { maxCompressedBytes: 100, maxDecompressedBytes: 10 };
    expect(failure(() => decodeBody(Buffer.alloc(11), undefined, small)).status).toBe(413);
  });

  it('reports truncated gzip as malformed, naming the encoding', () => {
    const truncated = zlib.gzipSync(Buffer.from('x'.repeat(10_000))).subarray(0, 20);
    const error = failure(() => decodeBody(truncated, 'gzip', limits));
    expect(error.status).toBe(400);
    expect(error.detail).toMatch(/^invalid gzip body: /);
  });

  it('reports a body that is not deflate at all as malformed', () => {
    const error = failure(() => decodeBody(Buffer.from('plain text, not compressed'), 'deflate', limits));
    expect(error.status).toBe(400);
    expect(error.detail).toMatch(/^invalid deflate body/);
  });

  it('reports corrupt brotli as malformed', () => {
    const error = failure(() => decodeBody(Buffer.from([0xff, 0xff, 0xff, 0xff]), 'br', limits));
    expect(error.status).toBe(400);
    expect(error.detail).toMatch(/^invalid br body/);
  });

  it.each(['compress', 'constructor', 'toString'])('refuses the unsupported encoding %s', (encoding) => {
    const error = failure(() => decodeBody(json, encoding, limits));
    expect(error.status).toBe(400);
    expect(error.detail).toBe(`unsupported content-encoding: ${encoding.toLowerCase()}`);
  });

  it('names zstd as unsupported when this Node has no zstd decoder', () => {
    const hasZstd = typeof Reflect.get(zlib, 'zstdDecompressSync') === 'function';
    if (hasZstd) return; // covered by the table of working encodings on newer Node
    expect(failure(() => decodeBody(json, 'zstd', limits)).detail).toBe('unsupported content-encoding: zstd');
  });
});

describe('decodeStoreBody', () => {
  it('passes a JSON object through, leading whitespace allowed', () => {
    const body = Buffer.from('  \n{"a":1}');
    expect(decodeStoreBody(body, limits)).toBe(body);
  });

  it('reads base64(zlib(json)) sent without a Content-Encoding header', () => {
    const body = Buffer.from(zlib.deflateSync(json).toString('base64'));
    expect(decodeStoreBody(body, limits).equals(json)).toBe(true);
  });

  it('tolerates line-wrapped base64', () => {
    const encoded = zlib.deflateSync(json).toString('base64');
    const wrapped = Buffer.from(`${encoded.slice(0, 20)}\n${encoded.slice(20)}\n`);
    expect(decodeStoreBody(wrapped, limits).equals(json)).toBe(true);
  });

  it('caps the inflated size of base64(zlib(json)) too', () => {
    const bomb = Buffer.from(zlib.deflateSync(Buffer.alloc(11 * 1024 * 1024)).toString('base64'));
    expect(failure(() => decodeStoreBody(bomb, limits)).status).toBe(413);
  });

  it('refuses a body that is neither JSON nor base64', () => {
    const error = failure(() => decodeStoreBody(Buffer.from('<html>nope</html>'), limits));
    expect(error.status).toBe(400);
    expect(error.detail).toContain('neither a JSON object nor base64');
  });

  it('refuses base64 that does not inflate', () => {
    const error = failure(() => decodeStoreBody(Buffer.from('aGVsbG8gd29ybGQ='), limits));
    expect(error.status).toBe(400);
    expect(error.detail).toMatch(/^invalid base64\+deflate body/);
  });

  it('refuses an empty body', () => {
    expect(failure(() => decodeStoreBody(Buffer.from('  '), limits)).detail).toBe('empty body');
  });
});
