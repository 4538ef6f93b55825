/**
 * Unauthenticated ingest must cost little (issue 23, finding 1): a request is refused on the key in
 * its URL or header before its body is read, a key-less envelope after its first line, and a source
 * that keeps failing is throttled before its body is read, while a keyed SDK at the same address
 * keeps working.
 *
 * The bodies here never end: the request stays open after its first bytes. Before the fix the key
 * was checked only after the whole body was read and decompressed, so these requests got no answer
 * at all (each test timed out on `firstAnswer`).
 */
import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { envelopeOf, postEnvelope, testEvent } from '../../testing/envelopes';
import { type StoreServer, startStoreServer } from '../../testing/store-harness';

let server: StoreServer;
afterEach(() => server.close());

interface Answer {
  status: number;
  detail: string;
  retryAfter: string | undefined;
}

/** Sends `firstBytes` of a chunked body and never the rest; resolves on the server's answer. */
function firstAnswer(
  path: string,
  firstBytes: Buffer,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'transfer-encoding': 'chunked', ...headers },
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error('no answer before the body ended'));
    }, 3_000);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        clearTimeout(timer);
        req.destroy();
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { detail: string };
        const retryAfter = res.headers['retry-after'];
        resolve({ status: res.statusCode ?? 0, detail: body.detail, retryAfter });
      });
    });
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.write(firstBytes);
  });
}

/** 17 MiB of event after the header line, gzipped: what the probe sent (about 100 KB on the wire). */
function gzipBombEnvelope(header: Record<string, unknown>): Buffer {
  const item = JSON.stringify({ type: 'event' });
  const filler = Buffer.alloc(17 * 1024 * 1024, 'a');
  return gzipSync(Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n${item}\n`), filler]));
}

const envelopePath = () => `/api/${server.projectId}/envelope/`;

describe('ingest authentication before the body', () => {
  it('refuses an unknown key in the query string before reading the body', async () => {
    server = await startStoreServer({ ingestWorkers: 0 });
    const answer = await firstAnswer(`${envelopePath()}?sentry_key=${'f'.repeat(32)}`, Buffer.from('{}\n'));
    expect(answer).toMatchObject({ status: 401, detail: 'unknown public key' });
  });

  it('refuses a key of another project in X-Sentry-Auth before reading the body', async () => {
    server = await startStoreServer({ ingestWorkers: 0 });
    const answer = await firstAnswer('/api/999/store/', Buffer.from('{'), {
      'x-sentry-auth': `Sentry sentry_version=7, sentry_key=${server.publicKey}`,
    });
    expect(answer).toMatchObject({ status: 403, detail: 'public key does not belong to this project' });
  });

  it('refuses a key-less /store/ request before reading the body', async () => {
    server = await startStoreServer({ ingestWorkers: 0 });
    const answer = await firstAnswer(`/api/${server.projectId}/store/`, Buffer.from('{'));
    expect(answer.status).toBe(401);
    expect(answer.detail).toMatch(/missing authentication/);
  });

  it('refuses a key-less gzip bomb after its first line, without inflating the rest', async () => {
    server = await startStoreServer({ ingestWorkers: 0 });
    const bomb = gzipBombEnvelope({});
    // The header line and the start of the event: far less than the whole body.
    const answer = await firstAnswer(envelopePath(), bomb.subarray(0, 4096), { 'content-encoding': 'gzip' });
    expect(answer.status).toBe(401);
    expect(answer.detail).toMatch(/missing authentication/);
  });

  it('refuses an envelope whose header dsn names an unknown key after its first line', async () => {
    server = await startStoreServer({ ingestWorkers: 0 });
    const bomb = gzipBombEnvelope({ dsn: `http://${'e'.repeat(32)}@dexter.test/${server.projectId}` });
    const answer = await firstAnswer(envelopePath(), bomb.subarray(0, 4096), { 'content-encoding': 'gzip' });
    expect(answer).toMatchObject({ status: 401, detail: 'unknown public key' });
  });

  it('still accepts a gzipped envelope authenticated by its header dsn alone', async () => {
    server = await startStoreServer({ ingestWorkers: 0 });
    const event = testEvent();
    const response = await fetch(`${server.url}${envelopePath()}`, {
      method: 'POST',
      headers: { 'content-encoding': 'gzip' },
      body: gzipSync(envelopeOf(event, { dsn: server.dsn })),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: event.event_id });
  });

  it('still refuses an envelope whose dsn disagrees with the key in its URL', async () => {
    server = await startStoreServer({ ingestWorkers: 0 });
    const other = `http://${'e'.repeat(32)}@dexter.test/${server.projectId}`;
    const response = await postEnvelope(
      server.url,
      server.projectId,
      server.publicKey,
      envelopeOf(testEvent(), { dsn: other }),
    );
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ detail: 'conflicting sentry_key values' });
  });
});

describe('the per-source budget of failed ingest authentications', () => {
  it('throttles a source that keeps failing before reading its bodies, and not its keyed SDK', async () => {
    server = await startStoreServer({ ingestWorkers: 0 });
    const keyless = () =>
      fetch(`${server.url}${envelopePath()}`, { method: 'POST', body: '{}\n{"type":"event"}\n{}' });
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await keyless()).status);
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses.slice(20)).toEqual(Array(5).fill(429));

    const throttled = await firstAnswer(envelopePath(), Buffer.from('{}\n'));
    expect(throttled.status).toBe(429);
    expect(Number(throttled.retryAfter)).toBeGreaterThanOrEqual(1);

    const event = testEvent();
    const keyed = await postEnvelope(server.url, server.projectId, server.publicKey, envelopeOf(event));
    expect(keyed.status).toBe(200);
    expect(await keyed.json()).toEqual({ id: event.event_id });
  });
});
