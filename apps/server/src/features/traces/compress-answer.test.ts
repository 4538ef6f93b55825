/**
 * Large JSON answers go compressed to clients that accept it, brotli first, and decompress to
 * exactly what was sent; small answers and clients that accept neither get plain JSON.
 */
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseEncoding, compressLargeAnswers } from './compress-answer';

const big = {
  spans: Array.from({ length: 2000 }, (_, i) => ({ id: i.toString(16), op: 'db.query', ms: i })),
};
const app = Fastify();

beforeAll(async () => {
  await app.register(async (scope) => {
    compressLargeAnswers(scope);
    scope.get('/big', async () => big);
    scope.get('/small', async () => ({ ok: true }));
  });
  await app.ready();
});
afterAll(() => app.close());

describe('compressLargeAnswers', () => {
  it('sends a large answer brotli-compressed when accepted, and it decompresses to the same JSON', async () => {
    const res = await app.inject({ url: '/big', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers.vary).toMatch(/accept-encoding/);
    const plain = JSON.stringify(big);
    expect(res.rawPayload.length).toBeLessThan(plain.length / 4);
    expect(JSON.parse(brotliDecompressSync(res.rawPayload).toString())).toEqual(big);
  });

  it('falls back to gzip, and to plain JSON when nothing is accepted', async () => {
    const gz = await app.inject({ url: '/big', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gz.rawPayload).toString())).toEqual(big);
    const none = await app.inject({ url: '/big', headers: { 'accept-encoding': 'identity' } });
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(none.json()).toEqual(big);
  });

  it('leaves a small answer as it is', async () => {
    const res = await app.inject({ url: '/small', headers: { 'accept-encoding': 'br' } });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.json()).toEqual({ ok: true });
  });
});

describe('chooseEncoding', () => {
  it('honours q=0 and prefers br', () => {
    expect(chooseEncoding('br;q=0, gzip')).toBe('gzip');
    expect(chooseEncoding('gzip;q=0.5, br;q=1')).toBe('br');
    expect(chooseEncoding('*')).toBe('gzip');
    expect(chooseEncoding('gzip;q=0')).toBeNull();
    expect(chooseEncoding(undefined)).toBeNull();
  });
});
