/**
 * The raw event survives storage byte for byte, whichever way it was kept: a compressed
 * single-event envelope as received, anything else brotli-compressed, old rows as text.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopeOf, postEnvelope, testEvent } from '../../testing/envelopes';
import { type StoreServer, startStoreServer } from '../../testing/store-harness';
import { decodeRaw } from './raw-encoding';

let server: StoreServer;

beforeAll(async () => {
  server = await startStoreServer();
});
afterAll(() => server.close());

async function storedRaw(eventId: string) {
  const row = await server.store.db
    .selectFrom('events')
    .select(['raw', 'raw_encoding'])
    .where('event_id', '=', eventId)
    .executeTakeFirstOrThrow();
  return { encoding: row.raw_encoding, json: decodeRaw(row.raw, row.raw_encoding) };
}

describe('raw events', () => {
  it('keep a gzipped single-event envelope as the body the SDK sent', async () => {
    const event = testEvent();
    const body = envelopeOf(event);
    const res = await postEnvelope(server.url, server.projectId, server.publicKey, gzipSync(body), {
      'content-encoding': 'gzip',
    });
    expect(res.status).toBe(200);
    const payload = body.split('\n')[2];
    expect(await storedRaw(event.event_id)).toEqual({ encoding: 'envelope+gzip', json: payload });
  });

  it('brotli-compress the event of an uncompressed envelope', async () => {
    const event = testEvent({ extra: { note: 'ünïcödé …' } });
    const res = await postEnvelope(server.url, server.projectId, server.publicKey, envelopeOf(event));
    expect(res.status).toBe(200);
    expect(await storedRaw(event.event_id)).toEqual({ encoding: 'br', json: JSON.stringify(event) });
  });

  it('brotli-compress each event of a compressed envelope with other items', async () => {
    const event = testEvent();
    const body = `${envelopeOf(event)}\n{"type":"session"}\n{"sid":"x"}`;
    const res = await postEnvelope(server.url, server.projectId, server.publicKey, gzipSync(body), {
      'content-encoding': 'gzip',
    });
    expect(res.status).toBe(200);
    expect((await storedRaw(event.event_id)).encoding).toBe('br');
  });

  it('read rows stored before compression as text', () => {
    expect(decodeRaw('{"a":1}', 'identity')).toBe('{"a":1}');
    expect(() => decodeRaw(new Uint8Array([1]), 'lzma')).toThrow(/unknown encoding/);
  });
});
