/**
 * Hand-built tracing envelopes through the real ingest route and the `/api/0` trace endpoints:
 * a transaction with its spans, a v1 standalone span, a v2 span container and an error on a span
 * make one trace whose waterfall matches what was sent (checked against Sentry's spec); sampled-out
 * items are not stored; bad items are 400s naming the field; the per-trace cap holds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newEventId, postEnvelope, testEvent } from '../testing/envelopes';
import { describeErrors, responseValidator } from '../testing/openapi-validator';
import { type StoreServer, startStoreServer } from '../testing/store-harness';
import type { TraceItem, TraceSpan } from './trace-tree';

let server: StoreServer;
const TRACE = 'a'.repeat(31) + '1';
const ROOT = '1000000000000001';
const DB_SPAN = '1000000000000002';
const HTTP_SPAN = '1000000000000003';
const t0 = Date.now() / 1000 - 60;

function envelope(items: Array<[Record<string, unknown>, unknown]>, headers: Record<string, unknown> = {}) {
  const lines = [JSON.stringify({ sent_at: new Date().toISOString(), ...headers })];
  for (const [itemHeaders, payload] of items) {
    lines.push(JSON.stringify(itemHeaders), typeof payload === 'string' ? payload : JSON.stringify(payload));
  }
  return lines.join('\n');
}

const send = (body: string) => postEnvelope(server.url, server.projectId, server.publicKey, body);

function transaction(overrides: Record<string, unknown> = {}, trace: Record<string, unknown> = {}) {
  return {
    event_id: newEventId(),
    type: 'transaction',
    transaction: 'GET /checkout',
    start_timestamp: t0,
    timestamp: t0 + 0.5,
    environment: 'prod',
    sdk: { name: 'sentry.javascript.node', version: '11.0.0' },
    measurements: { 'custom.items': { value: 3, unit: 'none' } },
    contexts: { trace: { trace_id: TRACE, span_id: ROOT, op: 'http.server', status: 'ok', ...trace } },
    spans: [
      {
        trace_id: TRACE,
        span_id: DB_SPAN,
        parent_span_id: ROOT,
        op: 'db.query',
        description: 'select * from carts',
        start_timestamp: t0 + 0.1,
        timestamp: t0 + 0.2,
      },
      {
        trace_id: TRACE,
        span_id: HTTP_SPAN,
        parent_span_id: ROOT,
        op: 'http.client',
        description: 'GET http://payments/charge',
        start_timestamp: t0 + 0.05,
        timestamp: t0 + 0.4,
      },
      // Unfinished: dropped, the rest is kept.
      { trace_id: TRACE, span_id: '1000000000000009', op: 'noop', start_timestamp: t0 + 0.3 },
    ],
    ...overrides,
  };
}

const trace = async (id: string, query = '') => {
  const res = await server.api(`/api/0/organizations/${server.org}/trace/${id}/${query}`);
  return { status: res.status, body: (await res.json()) as TraceItem[] & { detail?: string } };
};

beforeAll(async () => {
  server = await startStoreServer();
  expect((await send(envelope([[{ type: 'transaction' }, transaction()]]))).status).toBe(200);
  // A v1 standalone span under the HTTP client span (the callee's server span).
  const v1 = {
    trace_id: TRACE,
    span_id: '2000000000000001',
    parent_span_id: HTTP_SPAN,
    op: 'http.server',
    description: 'POST /charge',
    start_timestamp: t0 + 0.1,
    timestamp: t0 + 0.35,
    is_segment: true,
    data: { 'sentry.environment': 'prod' },
  };
  expect((await send(envelope([[{ type: 'span' }, v1]]))).status).toBe(200);
  // A v2 container with a child of that span.
  const v2 = {
    version: 2,
    items: [
      {
        trace_id: TRACE,
        span_id: '2000000000000002',
        parent_span_id: '2000000000000001',
        name: 'charge card',
        status: 'error',
        is_segment: false,
        start_timestamp: t0 + 0.15,
        end_timestamp: t0 + 0.3,
        attributes: {
          'sentry.op': { type: 'string', value: 'function' },
          'sentry.segment.name': { type: 'string', value: 'POST /charge' },
        },
      },
    ],
  };
  const v2Headers = {
    type: 'span',
    item_count: 1,
    content_type: 'application/vnd.sentry.items.span.v2+json',
  };
  expect((await send(envelope([[v2Headers, v2]]))).status).toBe(200);
  // An error that happened in the v2 span.
  const error = testEvent({ type: 'CardError', value: 'card declined' }) as Record<string, unknown>;
  error.contexts = { trace: { trace_id: TRACE, span_id: '2000000000000002' } };
  const errorEnvelope = envelope([[{ type: 'event' }, error]], { event_id: error.event_id });
  expect((await send(errorEnvelope)).status).toBe(200);
  await server.store.drain();
});

afterAll(() => server.close());

describe('trace endpoint', () => {
  it('nests the spans of both services by parent, with the error pinned on its span', async () => {
    const { status, body } = await trace(TRACE);
    expect(status).toBe(200);
    const validate = responseValidator(
      'GET',
      '/api/0/organizations/{organization_id_or_slug}/trace/{trace_id}/',
    );
    expect(validate(body), describeErrors(validate.errors)).toBe(true);
    expect(body).toHaveLength(1);
    const root = body[0] as TraceSpan;
    expect(root).toMatchObject({
      event_type: 'span',
      event_id: ROOT,
      is_transaction: true,
      op: 'http.server',
      transaction: 'GET /checkout',
      sdk_name: 'sentry.javascript.node',
      measurements: { 'custom.items': 3 },
    });
    expect(root.duration).toBeCloseTo(500, 0);
    // Children ordered by start: the HTTP call (0.05) before the query (0.1); the broken span is gone.
    expect(root.children.map((c) => c.event_id)).toEqual([HTTP_SPAN, DB_SPAN]);
    const callee = root.children[0]!.children[0]!;
    expect(callee).toMatchObject({ event_id: '2000000000000001', op: 'http.server', is_transaction: true });
    const charge = callee.children[0]!;
    expect(charge).toMatchObject({ description: 'charge card', op: 'function', status: 'internal_error' });
    expect(charge.errors).toHaveLength(1);
    expect(charge.errors[0]).toMatchObject({
      event_type: 'error',
      description: 'CardError: card declined',
      level: 'error',
    });
  });

  it('fills additional_attributes with the attributes asked for, and only those', async () => {
    const plain = (await trace(TRACE)).body[0] as TraceSpan;
    expect(plain.additional_attributes).toEqual({});
    const asked = await trace(
      TRACE,
      '?additional_attributes=sentry.environment&additional_attributes=span.status',
    );
    const callee = (asked.body[0] as TraceSpan).children[0]!.children[0]!;
    expect(callee.additional_attributes).toEqual({ 'sentry.environment': 'prod', 'span.status': 'ok' });
  });

  it('answers an unknown trace with an empty list and a malformed id with a 400', async () => {
    expect(await trace('b'.repeat(32))).toEqual({ status: 200, body: [] });
    const bad = await trace('not-a-trace');
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(/trace_id/);
  });
});

describe('events with dataset=spans', () => {
  const events = async (params: string) => {
    const res = await server.api(`/api/0/organizations/${server.org}/events/?dataset=spans&${params}`);
    return {
      status: res.status,
      body: (await res.json()) as { data: Record<string, unknown>[]; detail?: string },
    };
  };

  it('lists the spans of a trace with Sentry field names', async () => {
    const fields = [
      'span.op',
      'span.description',
      'span.duration',
      'transaction',
      'trace',
      'project',
      'timestamp',
    ];
    const { status, body } = await events(
      `${fields.map((f) => `field=${encodeURIComponent(f)}`).join('&')}&query=trace:${TRACE}&sort=-span.duration`,
    );
    expect(status).toBe(200);
    expect(body.data).toHaveLength(5);
    expect(body.data[0]).toMatchObject({
      'span.op': 'http.server',
      transaction: 'GET /checkout',
      trace: TRACE,
    });
    expect(body.data[0]!['span.duration']).toBeCloseTo(500, 0);
    expect(body.data[0]!.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
  });

  it('counts spans per operation and refuses unknown fields and keys by name', async () => {
    const { body } = await events(
      `field=span.op&field=count()&query=trace:${TRACE}%20span.op:http.*&sort=span.op`,
    );
    expect(body.data).toEqual([
      { 'span.op': 'http.client', 'count()': 1 },
      { 'span.op': 'http.server', 'count()': 2 },
    ]);
    const field = await events('field=span.nonsense');
    expect(field.status).toBe(400);
    expect(field.body.detail).toMatch(/span\.nonsense/);
    const key = await events('field=span.op&query=colour:red');
    expect(key.status).toBe(400);
    expect(key.body.detail).toMatch(/colour/);
  });
});

describe('tracing ingest', () => {
  it('does not store what the SDK sampled out', async () => {
    const id = 'c'.repeat(32);
    const unsampled = transaction({}, { trace_id: id, sampled: false });
    expect((await send(envelope([[{ type: 'transaction' }, unsampled]]))).status).toBe(200);
    const byHeader = transaction({}, { trace_id: id });
    const headers = { trace: { trace_id: id, public_key: server.publicKey, sampled: 'false' } };
    expect((await send(envelope([[{ type: 'transaction' }, byHeader]], headers))).status).toBe(200);
    expect((await trace(id)).body).toEqual([]);
    expect(server.store.spans.stats().unsampled).toBeGreaterThanOrEqual(6);
  });

  it('refuses a transaction without a usable trace context, naming the field', async () => {
    const res = await send(envelope([[{ type: 'transaction' }, transaction({}, { trace_id: 'xyz' })]]));
    expect(res.status).toBe(400);
    expect((await res.json()) as { detail: string }).toEqual({
      detail: 'transaction: contexts.trace.trace_id must be 32 hexadecimal characters',
    });
    const backwards = await send(envelope([[{ type: 'transaction' }, transaction({ timestamp: t0 - 1 })]]));
    expect(backwards.status).toBe(400);
    expect(((await backwards.json()) as { detail: string }).detail).toMatch(
      /timestamp is before start_timestamp/,
    );
    const notJson = await send(envelope([[{ type: 'span' }, '{nope']]));
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { detail: string }).detail).toBe('span item is not valid JSON');
  });
});

describe('per-trace cap', () => {
  it('keeps at most maxSpansPerTrace spans of a trace, counts the rest, prunes past the retention and refuses work when backed up', async () => {
    const capped = await startStoreServer();
    try {
      const { createSpanWriter } = await import('./span-writer');
      const { openStoreDatabase } = await import('../db/database');
      const { db, sqlite, close } = await openStoreDatabase(capped.dataDir);
      const writer = createSpanWriter({ db, sqlite, now: Date.now, maxSpansPerTrace: 3 });
      const records = Array.from({ length: 5 }, (_, i) => ({
        traceId: TRACE,
        spanId: `30000000000000${String(i).padStart(2, '0')}`,
        parentSpanId: null,
        segmentId: null,
        eventId: null,
        isSegment: false,
        op: 'x',
        description: null,
        transaction: null,
        status: 'ok',
        startMs: t0 * 1000,
        endMs: t0 * 1000 + 1,
        environment: null,
        release: null,
        sdkName: null,
        data: null,
      }));
      await writer.write(Number(capped.projectId), { records, unsampled: 0, dropped: 0 }, Date.now());
      expect(writer.stats()).toMatchObject({ written: 3, overTraceLimit: 2 });
      // Past the retention (here: one day after the spans ended) pruning deletes them.
      const later = createSpanWriter({
        db,
        sqlite,
        now: () => t0 * 1000 + 86_400_000,
        retentionMs: 3_600_000,
      });
      await later.prune();
      expect(sqlite.prepare('select count(*) from spans where trace_id = ?').pluck().get(TRACE)).toBe(0);
      // A backed-up writer refuses more work at once (the route answers 429) instead of queueing it.
      const { SpanBacklogError } = await import('./span-writer');
      const busy = createSpanWriter({ db, sqlite, now: Date.now, maxPending: 1 });
      const batch = { records: records.slice(0, 1), unsampled: 0, dropped: 0 };
      const first = busy.write(Number(capped.projectId), batch, Date.now());
      await expect(busy.write(Number(capped.projectId), batch, Date.now())).rejects.toBeInstanceOf(
        SpanBacklogError,
      );
      await first;
      await close();
    } finally {
      await capped.close();
    }
  });
});
