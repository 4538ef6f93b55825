/**
 * The ingest workers answer exactly what the same work answers on the main thread: prepared
 * events, and IngestErrors with their status and detail intact; and they refuse work beyond
 * their backlog instead of queueing without bound.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { envelopeOf, testEvent } from '../../testing/envelopes';
import { IngestError } from '../ingest-error';
import { defaultIngestLimits } from '../ingest-routes';
import { decodeRaw } from '../write/raw-encoding';
import type { PrepareTask } from './prepare-event';
import { createPreparePool, PreparePoolFullError } from './prepare-pool';

const limits = defaultIngestLimits;
const workers = createPreparePool({ workers: 2, maxPending: 100, limits });
const inline = createPreparePool({ workers: 0, maxPending: 100, limits });
afterAll(() => workers.close());

const task = (body: string | Buffer, contentEncoding?: string): PrepareTask => ({
  kind: 'envelope',
  body: Buffer.from(body),
  contentEncoding,
  context: { projectId: 7, receivedAt: Date.parse('2025-01-01T00:00:00Z'), clientIp: '10.0.0.1' },
});

const settle = (promise: Promise<unknown>) =>
  promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );

describe('ingest workers', () => {
  it('prepare an envelope like the main thread does, raw payload included', async () => {
    const event = testEvent({ eventId: 'a'.repeat(32), userId: 'u1', tags: { shard: 'eu' } });
    const body = gzipSync(envelopeOf(event));
    const [fromWorker, fromInline] = await Promise.all([
      workers.run(task(body, 'gzip')),
      inline.run(task(body, 'gzip')),
    ]);
    expect(fromWorker).toEqual(fromInline);
    const item = fromWorker.items[0];
    if (!item?.ok) throw new Error('expected a prepared event');
    expect(item.event).toMatchObject({ eventId: 'a'.repeat(32), projectId: 7, userKey: 'id:u1' });
    expect(item.event.tags).toContainEqual(['shard', 'eu']);
    expect(JSON.parse(Buffer.from(item.event.data).toString('utf8'))).toMatchObject({
      eventId: 'a'.repeat(32),
    });
    expect(JSON.parse(decodeRaw(item.event.raw, item.event.rawEncoding))).toEqual(event);
  });

  it.each([
    ['a corrupt gzip body', task('not gzip at all', 'gzip')],
    ['an envelope header that is not JSON', task('{oops\n{"type":"event"}\n{}')],
    ['an unsupported encoding', task('{}', 'lzma')],
  ])('fail %s with the same IngestError as the main thread', async (_name, bad) => {
    const [fromWorker, fromInline] = await Promise.all([settle(workers.run(bad)), settle(inline.run(bad))]);
    expect('error' in fromWorker && fromWorker.error).toBeInstanceOf(IngestError);
    expect(fromWorker).toEqual(fromInline);
  });

  it('hand back a bad event item as its error, so the route can authenticate first', async () => {
    const prepared = await workers.run(task('{}\n{"type":"event"}\n{not json'));
    expect(prepared.items).toEqual([
      { ok: false, failure: { status: 400, detail: 'event payload is not valid JSON' } },
    ]);
  });

  it('refuse work beyond their backlog', async () => {
    const tiny = createPreparePool({ workers: 1, maxPending: 1, limits });
    try {
      const first = tiny.run(task(envelopeOf(testEvent())));
      await expect(tiny.run(task(envelopeOf(testEvent())))).rejects.toBeInstanceOf(PreparePoolFullError);
      await expect(first).resolves.toMatchObject({ items: [{ ok: true }] });
    } finally {
      await tiny.close();
    }
  });
});
