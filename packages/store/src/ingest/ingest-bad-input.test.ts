/**
 * Bad ingest input gets the status and message SDKs and humans expect (`{"detail"}` plus
 * `X-Sentry-Error`), never a crash; a gzip bomb is refused without inflating it; and ingest keeps
 * working afterwards.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopeOf, newEventId, postEnvelope, testEvent } from '../testing/envelopes';
import { type StoreServer, startStoreServer } from '../testing/store-harness';

let server: StoreServer;

beforeAll(async () => {
  server = await startStoreServer();
});
afterAll(() => server.close());

const validEnvelope = () => envelopeOf(testEvent());
const gzipBomb = () => gzipSync(Buffer.alloc(200 * 1024 * 1024), { level: 9 });

interface Case {
  name: string;
  send: () => Promise<Response>;
  status: number;
  detail: RegExp;
}

const cases: Case[] = [
  {
    name: 'unknown public key',
    send: () => postEnvelope(server.url, server.projectId, 'f'.repeat(32), validEnvelope()),
    status: 401,
    detail: /unknown public key/,
  },
  {
    name: 'no authentication at all',
    send: () =>
      fetch(`${server.url}/api/${server.projectId}/envelope/`, { method: 'POST', body: validEnvelope() }),
    status: 401,
    detail: /missing authentication/,
  },
  {
    name: 'key of another project',
    send: () => postEnvelope(server.url, '999', server.publicKey, validEnvelope()),
    status: 403,
    detail: /does not belong/,
  },
  {
    name: 'envelope header that is not JSON',
    send: () =>
      postEnvelope(server.url, server.projectId, server.publicKey, '{"event_id": oops\n{"type":"event"}\n{}'),
    status: 400,
    detail: /header/i,
  },
  {
    name: 'event item that is not JSON',
    send: () =>
      postEnvelope(server.url, server.projectId, server.publicKey, `{}\n{"type":"event"}\n{not json`),
    status: 400,
    detail: /not valid JSON/,
  },
  {
    name: 'event item above 1 MiB',
    send: () =>
      postEnvelope(
        server.url,
        server.projectId,
        server.publicKey,
        envelopeOf(testEvent({ extra: { blob: 'x'.repeat(1_100_000) } })),
      ),
    status: 413,
    detail: /item|event|limit|large/i,
  },
  {
    name: 'gzip bomb (200 MiB of zeros)',
    send: () =>
      postEnvelope(server.url, server.projectId, server.publicKey, gzipBomb(), {
        'content-encoding': 'gzip',
      }),
    status: 413,
    detail: /decompress|limit|large/i,
  },
  {
    name: 'truncated gzip body',
    send: () => {
      const gz = gzipSync(Buffer.from(validEnvelope()));
      return postEnvelope(server.url, server.projectId, server.publicKey, gz.subarray(0, gz.length - 10), {
        'content-encoding': 'gzip',
      });
    },
    status: 400,
    detail: /gzip/i,
  },
  {
    name: 'compressed body above 20 MiB',
    send: () =>
      postEnvelope(server.url, server.projectId, server.publicKey, Buffer.alloc(21 * 1024 * 1024, 65)),
    status: 413,
    detail: /size limit|large/i,
  },
  {
    name: 'unsupported content-encoding',
    send: () =>
      postEnvelope(server.url, server.projectId, server.publicKey, validEnvelope(), {
        'content-encoding': 'lzma',
      }),
    status: 400,
    detail: /content-encoding/i,
  },
  {
    name: 'item length beyond the end of the body',
    send: () =>
      postEnvelope(
        server.url,
        server.projectId,
        server.publicKey,
        `{}\n{"type":"event","length":5000}\n{"a":1}`,
      ),
    status: 400,
    detail: /length/i,
  },
];

describe('ingest refuses bad input clearly', () => {
  it.each(cases)('$name → $status', async ({ send, status, detail }) => {
    const res = await send();
    expect(res.status).toBe(status);
    const body = (await res.json()) as { detail: string };
    expect(body.detail).toMatch(detail);
    expect(res.headers.get('x-sentry-error')).toBe(body.detail);
  });

  it('refuses a revoked key with 403', async () => {
    const other = await startStoreServer();
    try {
      await other.store.db.updateTable('project_keys').set({ revoked_at: Date.now() }).execute();
      const res = await postEnvelope(other.url, other.projectId, other.publicKey, validEnvelope());
      expect(res.status).toBe(403);
      expect(((await res.json()) as { detail: string }).detail).toMatch(/revoked/);
    } finally {
      await other.close();
    }
  });

  it('answers 429 with Retry-After and X-Sentry-Rate-Limits when the write queue is full', async () => {
    const full = await startStoreServer({ maxQueuedEvents: 0 });
    try {
      const res = await postEnvelope(full.url, full.projectId, full.publicKey, validEnvelope());
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(res.headers.get('x-sentry-rate-limits')).toMatch(/^\d+::organization:/);
    } finally {
      await full.close();
    }
  });

  it('keeps memory bounded across repeated bombs and keeps ingesting afterwards', async () => {
    const bomb = gzipBomb();
    const before = process.memoryUsage().rss;
    for (let i = 0; i < 5; i++) {
      const res = await postEnvelope(server.url, server.projectId, server.publicKey, bomb, {
        'content-encoding': 'gzip',
      });
      expect(res.status).toBe(413);
    }
    const grown = process.memoryUsage().rss - before;
    expect(grown).toBeLessThan(150 * 1024 * 1024);

    const eventId = newEventId();
    const ok = await postEnvelope(
      server.url,
      server.projectId,
      server.publicKey,
      envelopeOf(testEvent({ eventId })),
    );
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ id: eventId });
  });

  it('answers {} for an envelope without events, and skips unknown item types', async () => {
    const body = `{}\n{"type":"session"}\n{"sid":"x"}\n{"type":"mystery_item"}\nhello`;
    const res = await postEnvelope(server.url, server.projectId, server.publicKey, body);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
  });
});
