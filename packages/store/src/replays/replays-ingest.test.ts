/**
 * Hand-built replay envelopes (the JavaScript SDK's shape: `replay_event` + `replay_recording`,
 * zlib or plain) through the real ingest route and the `/api/0` replay endpoints: segments are
 * stored and served back as Sentry's arrays of rrweb events; an error naming its replay by
 * `tags.replayId` or `contexts.replay.replay_id` is linked (list by issue, replay-count); answers
 * match Sentry's spec; bad items are 400s naming the field; per-replay caps and retention hold.
 */
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newEventId, postEnvelope, testEvent } from '../testing/envelopes';
import { describeErrors, responseValidator } from '../testing/openapi-validator';
import { type StoreServer, startStoreServer } from '../testing/store-harness';

let server: StoreServer;
const t0 = Date.now() - 60_000;

function rrwebEvents(offsetMs: number) {
  return [
    { type: 4, timestamp: t0 + offsetMs, data: { href: 'http://shop.test/cart', width: 800, height: 600 } },
    // The SDK's performanceSpan events carry seconds; they must not start the replay in 1970.
    {
      type: 5,
      timestamp: (t0 + offsetMs + 2) / 1000,
      data: { tag: 'performanceSpan', payload: { op: 'memory', startTimestamp: (t0 + offsetMs + 2) / 1000 } },
    },
    {
      type: 2,
      timestamp: t0 + offsetMs + 1,
      data: { node: { type: 0, childNodes: [], id: 1 }, initialOffset: { left: 0, top: 0 } },
    },
    {
      type: 5,
      timestamp: t0 + offsetMs + 500,
      data: {
        tag: 'breadcrumb',
        payload: {
          timestamp: (t0 + offsetMs + 500) / 1000,
          type: 'default',
          category: 'ui.click',
          message: 'button.buy',
        },
      },
    },
  ];
}

function replayEnvelope(
  replayId: string,
  segmentId: number,
  options: { zlib?: boolean; event?: Record<string, unknown>; recording?: Buffer; offsetMs?: number } = {},
): Buffer {
  const offsetMs = options.offsetMs ?? segmentId * 5000;
  const event = {
    type: 'replay_event',
    replay_id: replayId,
    event_id: replayId,
    segment_id: segmentId,
    replay_type: 'session',
    replay_start_timestamp: t0 / 1000,
    timestamp: (t0 + offsetMs + 1000) / 1000,
    urls: segmentId === 0 ? ['http://shop.test/cart'] : ['http://shop.test/pay'],
    error_ids: [],
    trace_ids: [],
    environment: 'prod',
    release: 'shop@1.0',
    platform: 'javascript',
    sdk: { name: 'sentry.javascript.browser', version: '11.19.0' },
    request: {
      url: 'http://shop.test/cart',
      headers: { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0.0.0 Safari/537.36' },
    },
    ...options.event,
  };
  const json = Buffer.from(JSON.stringify(rrwebEvents(offsetMs)));
  const body = options.recording ?? (options.zlib === false ? json : deflateSync(json));
  const recording = Buffer.concat([Buffer.from(`${JSON.stringify({ segment_id: segmentId })}\n`), body]);
  return Buffer.concat([
    // The envelope header's event_id is checked by the envelope parser; the item's by the replay parser.
    Buffer.from(`${JSON.stringify({ sent_at: new Date().toISOString() })}\n`),
    Buffer.from(`${JSON.stringify({ type: 'replay_event' })}\n${JSON.stringify(event)}\n`),
    Buffer.from(`${JSON.stringify({ type: 'replay_recording', length: recording.length })}\n`),
    recording,
  ]);
}

const send = (body: Buffer | string) => postEnvelope(server.url, server.projectId, server.publicKey, body);
const errorEnvelope = (event: Record<string, unknown>) =>
  [
    JSON.stringify({ event_id: event.event_id }),
    JSON.stringify({ type: 'event' }),
    JSON.stringify(event),
  ].join('\n');

beforeAll(async () => {
  server = await startStoreServer({ ingestWorkers: 0 });
});
afterAll(async () => {
  await server?.close();
});

describe('replay ingest and the replay API', () => {
  const replayId = newEventId();

  it('stores zlib and plain segments and serves them back as arrays of rrweb events', async () => {
    expect((await send(replayEnvelope(replayId, 0))).status).toBe(200);
    const plain = await send(replayEnvelope(replayId, 1, { zlib: false }));
    expect(plain.status).toBe(200);
    // A resend of a segment is a no-op.
    expect((await send(replayEnvelope(replayId, 1))).status).toBe(200);

    const res = await server.api(
      `/api/0/projects/${server.org}/${server.projectId}/replays/${replayId}/recording-segments/`,
    );
    expect(res.status).toBe(200);
    const segments = (await res.json()) as unknown[][];
    const validate = responseValidator(
      'GET',
      '/api/0/projects/{organization_id_or_slug}/{project_id_or_slug}/replays/{replay_id}/recording-segments/',
    );
    expect(validate(segments), describeErrors(validate.errors)).toBe(true);
    expect(segments).toEqual([rrwebEvents(0), rrwebEvents(5000)]);

    const one = await server.api(
      `/api/0/projects/${server.org}/${server.projectId}/replays/${replayId}/recording-segments/1/?download`,
    );
    expect(one.headers.get('content-disposition')).toContain('attachment');
    expect(await one.json()).toEqual(rrwebEvents(5000));
  });

  it('links errors by tags.replayId and contexts.replay.replay_id, and lists replays of an issue', async () => {
    const jsError = testEvent({
      type: 'CheckoutError',
      value: 'checkout failed',
      functionName: 'pay',
      tags: { replayId },
    });
    const other = newEventId();
    expect((await send(replayEnvelope(other, 0))).status).toBe(200);
    const mobileError = {
      ...testEvent({ type: 'MobileCrash', value: 'mobile crash', functionName: 'render' }),
      contexts: {
        replay: {
          replay_id: `${other.slice(0, 8)}-${other.slice(8, 12)}-${other.slice(12, 16)}-${other.slice(16, 20)}-${other.slice(20)}`,
        },
      },
    };
    expect((await send(errorEnvelope(jsError))).status).toBe(200);
    expect((await send(errorEnvelope(mobileError))).status).toBe(200);
    await server.store.drain();

    const issues = (await (
      await server.api(`/api/0/organizations/${server.org}/issues/?query=`)
    ).json()) as Array<{ id: string; title: string }>;
    const checkout = issues.find((issue) => issue.title.includes('checkout failed'))!;
    const mobile = issues.find((issue) => issue.title.includes('mobile crash'))!;

    const list = await server.api(
      `/api/0/organizations/${server.org}/replays/?project=${server.projectId}&query=issue.id:${checkout.id}`,
    );
    expect(list.status).toBe(200);
    const body = (await list.json()) as { data: Array<Record<string, unknown>> };
    const validate = responseValidator('GET', '/api/0/organizations/{organization_id_or_slug}/replays/');
    expect(validate(body), describeErrors(validate.errors)).toBe(true);
    expect(body.data.map((row) => row.id)).toEqual([replayId]);
    expect(body.data[0]).toMatchObject({
      project_id: server.projectId,
      count_segments: 2,
      count_errors: 1,
      error_ids: [jsError.event_id],
      urls: ['http://shop.test/cart', 'http://shop.test/pay'],
      environment: 'prod',
      releases: ['shop@1.0'],
      browser: { name: 'Chrome', version: '130.0.0.0' },
      os: { name: 'Linux' },
      sdk: { name: 'sentry.javascript.browser', version: '11.19.0' },
      duration: 6,
      started_at: new Date(t0).toISOString(),
    });

    const count = await server.api(
      `/api/0/organizations/${server.org}/replay-count/?query=issue.id:[${checkout.id},${mobile.id}]`,
    );
    expect(await count.json()).toEqual({ [checkout.id]: 1, [mobile.id]: 1 });
    const ids = await server.api(
      `/api/0/organizations/${server.org}/replay-count/?returnIds=true&query=issue.id:[${mobile.id}]`,
    );
    expect(await ids.json()).toEqual({ [mobile.id]: [other] });

    const detail = await server.api(`/api/0/organizations/${server.org}/replays/${other}/`);
    expect(((await detail.json()) as { data: { id: string; count_errors: number } }).data).toMatchObject({
      id: other,
      count_errors: 1,
    });
    const byError = await server.api(
      `/api/0/organizations/${server.org}/replays/?query=error_ids:${jsError.event_id}`,
    );
    expect(((await byError.json()) as { data: Array<{ id: string }> }).data.map((row) => row.id)).toEqual([
      replayId,
    ]);
  });

  it('links the error ids a replay_event names, whichever arrives first', async () => {
    const errorId = newEventId();
    const id = newEventId();
    // No replay_start_timestamp: the replay starts at its first event, in milliseconds.
    const envelope = replayEnvelope(id, 0, {
      event: { error_ids: [errorId], replay_start_timestamp: undefined },
    });
    expect((await send(envelope)).status).toBe(200);
    expect(
      (await send(errorEnvelope(testEvent({ type: 'LateError', functionName: 'late', eventId: errorId }))))
        .status,
    ).toBe(200);
    await server.store.drain();
    const detail = await server.api(`/api/0/organizations/${server.org}/replays/${id}/`);
    const row = ((await detail.json()) as { data: { error_ids: string[]; started_at: string } }).data;
    expect(row.error_ids).toEqual([errorId]);
    expect(row.started_at).toBe(new Date(t0).toISOString());
  });

  it('refuses bad replay items with a 400 naming the field', async () => {
    const cases: Array<[Buffer | string, string]> = [
      [replayEnvelope('not-an-id', 0), 'replay_event: replay_id'],
      [replayEnvelope(newEventId(), 0, { event: { segment_id: -1 } }), 'segment_id'],
      [replayEnvelope(newEventId(), 0, { event: { timestamp: 'yesterday' } }), 'replay_event: timestamp'],
      [
        replayEnvelope(newEventId(), 0, { recording: Buffer.from('{"not":"an array"}') }),
        'array of rrweb events',
      ],
      [replayEnvelope(newEventId(), 0, { recording: Buffer.from('[{"type":"x"}]') }), 'events[0]'],
      [
        replayEnvelope(newEventId(), 0, { recording: Buffer.from([0x78, 0x9c, 1, 2, 3]) }),
        'neither zlib nor JSON',
      ],
      [
        [JSON.stringify({}), JSON.stringify({ type: 'replay_event' }), '{}'].join('\n'),
        'without its replay_recording',
      ],
    ];
    for (const [body, field] of cases) {
      const res = await send(body);
      expect(res.status, field).toBe(400);
      expect(((await res.json()) as { detail: string }).detail).toContain(field);
    }
    const badQuery = await server.api(
      `/api/0/organizations/${server.org}/replays/?query=browser.name:Chrome`,
    );
    expect(badQuery.status).toBe(400);
    expect(((await badQuery.json()) as { detail: string }).detail).toContain('browser.name');
  });

  it('refuses a zlib bomb with a 413', async () => {
    const bomb = deflateSync(Buffer.alloc(21 * 1024 * 1024, 0x20));
    const res = await send(replayEnvelope(newEventId(), 0, { recording: bomb }));
    expect(res.status).toBe(413);
  });
});

describe('replay bounds', () => {
  it('keeps at most the configured segments per replay and prunes replays past the retention', async () => {
    const { createReplayWriter } = await import('./replay-writer');
    const { openStoreDatabase } = await import('../db/database');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'dexter-replay-bounds-'));
    const { db, sqlite, close } = await openStoreDatabase(dir);
    let now = t0;
    const writer = createReplayWriter({
      db,
      sqlite,
      now: () => now,
      maxSegmentsPerReplay: 2,
      retentionMs: 60_000,
    });
    const id = newEventId();
    const segment = (segmentId: number) => ({
      replayId: id,
      segmentId,
      startedAt: t0,
      finishedAt: t0 + segmentId,
      replayType: 'session',
      environment: null,
      release: null,
      dist: null,
      platform: null,
      urls: [],
      traceIds: [],
      errorIds: [],
      user: null,
      sdk: null,
      contexts: null,
      tags: null,
      clicks: 0,
      recording: new Uint8Array(deflateSync('[]')),
    });
    for (const n of [0, 1, 2, 3]) await writer.write(1, segment(n), [], now);
    expect(sqlite.prepare('select count(*) from replay_segments').pluck().get()).toBe(2);
    expect(writer.stats().dropped).toBe(2);
    now = t0 + 120_000;
    await writer.prune();
    expect(sqlite.prepare('select count(*) from replays').pluck().get()).toBe(0);
    expect(sqlite.prepare('select count(*) from replay_segments').pluck().get()).toBe(0);
    // Writes beyond the backlog bound are refused at once (the route answers 429), not queued.
    const { ReplayBacklogError } = await import('./replay-writer');
    const small = createReplayWriter({ db, sqlite, now: () => now, maxPending: 1 });
    const first = small.write(1, segment(0), [], now);
    await expect(small.write(1, { ...segment(1), replayId: newEventId() }, [], now)).rejects.toBeInstanceOf(
      ReplayBacklogError,
    );
    await first;
    await expect(small.write(1, { ...segment(2), replayId: newEventId() }, [], now)).resolves.toBeUndefined();
    await close();
    rmSync(dir, { recursive: true, force: true });
  });
});
