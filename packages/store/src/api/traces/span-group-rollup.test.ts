/**
 * The hourly rollup of child spans (migration 0017) behind a transaction summary's slowest
 * operations: transactions sent through the real ingest route over five hours, then the summary's
 * grouped query compared with the same query answered from the spans themselves (a filter the
 * rollup does not take sends it there): counts and sums equal, p95 within the histogram's 4.4 %.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newEventId, postEnvelope } from '../../testing/envelopes';
import { type StoreServer, startStoreServer } from '../../testing/store-harness';
import { histogramQuantile } from '../../tracing/duration-histogram';
import { interpolatedQuantile } from '../../tracing/span-functions';

let server: StoreServer;
const HOUR = 3_600_000;
const now = Date.now();
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
// Deterministic durations with a long tail, so percentiles are not all one value.
const childMs = (t: number, i: number) => 2 + ((t * 7919 + i * 104_729) % 997) / 10 + (i % 5 === 0 ? 300 : 0);

function envelope(t: number): string {
  const end = now - 60_000 - t * 180_000; // every 3 minutes back, about 5 hours
  const start = end - 800;
  const traceId = hex(t + 1, 32);
  const root = hex(t * 100 + 1, 16);
  const spans = Array.from({ length: 12 }, (_, i) => {
    const ms = childMs(t, i);
    const childEnd = end - i;
    return {
      trace_id: traceId,
      span_id: hex(t * 100 + i + 2, 16),
      parent_span_id: root,
      op: i % 3 === 0 ? 'db.query' : i % 3 === 1 ? 'http.client' : 'cache.get',
      description: `statement ${i % 4}`,
      start_timestamp: (childEnd - ms) / 1000,
      timestamp: childEnd / 1000,
    };
  });
  const event = {
    event_id: newEventId(),
    type: 'transaction',
    transaction: 'GET /cart',
    start_timestamp: start / 1000,
    timestamp: end / 1000,
    environment: 'prod',
    contexts: { trace: { trace_id: traceId, span_id: root, op: 'http.server', status: 'ok' } },
    spans,
  };
  return [
    JSON.stringify({ sent_at: new Date().toISOString() }),
    JSON.stringify({ type: 'transaction' }),
    JSON.stringify(event),
  ].join('\n');
}

const TRANSACTIONS = 100;

beforeAll(async () => {
  server = await startStoreServer();
  for (let t = 0; t < TRANSACTIONS; t++) {
    const res = await postEnvelope(server.url, server.projectId, server.publicKey, envelope(t));
    expect(res.status).toBe(200);
  }
  // A resend of the same spans is a no-op for the spans and so for the rollup.
  expect((await postEnvelope(server.url, server.projectId, server.publicKey, envelope(0))).status).toBe(200);
});
afterAll(() => server.close());

type Row = Record<string, number | string | null>;
async function groups(extraQuery: string, start: number, end: number, fields: string[]): Promise<Row[]> {
  const params = new URLSearchParams({
    dataset: 'spans',
    query: `is_transaction:false transaction:"GET /cart" ${extraQuery}`.trim(),
    sort: '-sum(span.duration)',
    start: new Date(start).toISOString(),
    end: new Date(end).toISOString(),
    per_page: '20',
  });
  for (const field of fields) params.append('field', field);
  const res = await server.api(`/api/0/organizations/${server.org}/events/?${params}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: Row[] }).data;
}

const FIELDS = [
  'span.op',
  'span.description',
  'count()',
  'sum(span.duration)',
  'p95(span.duration)',
  'max(span.duration)',
];
// Mid-hour edges, so both the rollup's whole hours and the edges' spans answer.
const start = Math.floor(now / HOUR) * HOUR - 4 * HOUR + 17 * 60_000;
const end = now;

describe('span group rollup', () => {
  it('answers grouped child spans as the spans do: counts and sums exact, p95 within 4.4 %', async () => {
    const rolled = await groups('', start, end, FIELDS);
    // `!span.op:none` changes nothing but is a filter the rollup does not take: the spans answer.
    const exact = await groups('!span.op:none', start, end, FIELDS);
    expect(rolled.length).toBe(12);
    expect(rolled.map((r) => [r['span.op'], r['span.description']])).toEqual(
      exact.map((r) => [r['span.op'], r['span.description']]),
    );
    rolled.forEach((row, i) => {
      const raw = exact[i]!;
      expect(row['count()']).toBe(raw['count()']);
      expect(row['sum(span.duration)']).toBeCloseTo(raw['sum(span.duration)'] as number, 3);
      expect(row['max(span.duration)']).toBeCloseTo(raw['max(span.duration)'] as number, 6);
      const p95 = raw['p95(span.duration)'] as number;
      expect(Math.abs((row['p95(span.duration)'] as number) - p95) / p95).toBeLessThan(0.045);
    });
    const total = rolled.reduce((sum, r) => sum + (r['count()'] as number), 0);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(TRANSACTIONS * 12);
  });

  it('reads whole hours from the rollup table, kept in the same commit as the spans', async () => {
    const sqlite = new Database(`${server.dataDir}/store.sqlite`, { readonly: true });
    try {
      const rolledUp = sqlite.prepare('select sum(spans) from span_group_hours').pluck().get();
      expect(rolledUp).toBe(TRANSACTIONS * 12);
      const spans = sqlite.prepare('select count(*) from spans where is_segment = 0').pluck().get();
      expect(spans).toBe(TRANSACTIONS * 12);
    } finally {
      sqlite.close();
    }
    // Deleting the spans of the whole hours leaves the rollup's answer as it was: it reads the
    // rollup there, and the spans only at the edges.
    const before = await groups('', start, end, ['count()', 'sum(span.duration)']);
    const writable = new Database(`${server.dataDir}/store.sqlite`);
    try {
      writable
        .prepare('delete from spans where is_segment = 0 and end_ms >= ? and end_ms < ?')
        .run(Math.ceil(start / HOUR) * HOUR, Math.floor(end / HOUR) * HOUR);
    } finally {
      writable.close();
    }
    expect(await groups('', start, end, ['count()', 'sum(span.duration)'])).toEqual(before);
    const fromSpans = await groups('!span.op:none', start, end, ['count()', 'sum(span.duration)']);
    expect(fromSpans[0]!['count()']).toBeLessThan(before[0]!['count()'] as number);
  });
});

describe('duration histogram', () => {
  it('puts percentiles within a bucket of the exact value and min/max exactly', () => {
    const values = Array.from({ length: 5000 }, (_, i) => 0.5 + ((i * 7919) % 10_007) / 3);
    const histogram: Record<string, number> = {};
    for (const v of values) {
      const key = String(Math.floor(Math.log2(v) * 16));
      histogram[key] = (histogram[key] ?? 0) + 1;
    }
    const sorted = Float64Array.from(values).sort();
    const min = sorted[0]!;
    const max = sorted.at(-1)!;
    for (const q of [0.05, 0.5, 0.75, 0.95, 0.99]) {
      const exact = interpolatedQuantile(sorted, q)!;
      expect(Math.abs(histogramQuantile(histogram, q, min, max)! - exact) / exact).toBeLessThan(0.045);
    }
    expect(histogramQuantile(histogram, 0, min, max)).toBe(min);
    expect(histogramQuantile(histogram, 1, min, max)).toBe(max);
    expect(histogramQuantile({}, 0.5, 0, 0)).toBeNull();
  });
});
