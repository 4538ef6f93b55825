/**
 * Transaction envelopes as `@sentry/node` would send them for the tracing bench: one transaction
 * per envelope with `spansPerTransaction` child spans (database queries, HTTP calls and functions,
 * a few levels deep, with small `data`), gzip-compressed as the SDK does above 32 KiB. A trace
 * of many transactions chains them like services calling each other: each transaction's root is
 * the child of a span of the previous one.
 */
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const OPS = [
  ['db.query', 'select * from orders where customer_id = $1'],
  ['http.client', 'GET http://inventory.internal/stock'],
  ['function', 'render checkout'],
  ['cache.get', 'cart:{id}'],
] as const;

export interface TransactionBody {
  body: Buffer;
  spans: number;
}

export function transactionEnvelope(options: {
  traceId: string;
  parentSpanId: string | null;
  service: string;
  spansPerTransaction: number;
  startSeconds: number;
  publicKey: string;
}): TransactionBody & { lastSpanId: string } {
  const { traceId, spansPerTransaction, startSeconds: t0 } = options;
  const rootId = hex(8);
  const spans = [];
  let parents = [rootId];
  let lastSpanId = rootId;
  for (let i = 0; i < spansPerTransaction; i++) {
    const [op, description] = OPS[i % OPS.length]!;
    const spanId = hex(8);
    const start = t0 + 0.001 + (i / spansPerTransaction) * 0.9;
    spans.push({
      trace_id: traceId,
      span_id: spanId,
      parent_span_id: parents[i % parents.length],
      op,
      description,
      start_timestamp: start,
      timestamp: start + 0.0005 + (i % 7) * 0.0003,
      status: 'ok',
      origin: 'auto.db.pg',
      data: { 'db.system': 'postgresql', 'sentry.op': op },
    });
    // Every tenth span opens a level below it, so the tree is a few levels deep, not a flat list.
    if (i % 10 === 0) parents = [...parents.slice(-4), spanId];
    lastSpanId = spanId;
  }
  const event = {
    event_id: hex(16),
    type: 'transaction',
    platform: 'node',
    transaction: `GET /${options.service}`,
    transaction_info: { source: 'route' },
    start_timestamp: t0,
    timestamp: t0 + 1,
    environment: 'production',
    release: `${options.service}@1.0.0`,
    sdk: { name: 'sentry.javascript.node', version: '11.12.0' },
    contexts: {
      trace: {
        trace_id: traceId,
        span_id: rootId,
        ...(options.parentSpanId ? { parent_span_id: options.parentSpanId } : {}),
        op: 'http.server',
        status: 'ok',
        origin: 'auto.http.otel.http',
      },
    },
    spans,
  };
  const header = {
    event_id: event.event_id,
    sent_at: new Date().toISOString(),
    trace: { trace_id: traceId, public_key: options.publicKey, sampled: 'true' },
  };
  const text = `${JSON.stringify(header)}\n${JSON.stringify({ type: 'transaction' })}\n${JSON.stringify(event)}`;
  return { body: gzipSync(text), spans: spansPerTransaction + 1, lastSpanId };
}

/** `transactions` transactions chained into one trace (e.g. 10 × 1,000 spans: a 10,010-span trace). */
export function traceEnvelopes(options: {
  transactions: number;
  spansPerTransaction: number;
  publicKey: string;
  startSeconds: number;
}): { traceId: string; envelopes: TransactionBody[] } {
  const traceId = hex(16);
  const envelopes: TransactionBody[] = [];
  let parent: string | null = null;
  for (let i = 0; i < options.transactions; i++) {
    const envelope = transactionEnvelope({
      traceId,
      parentSpanId: parent,
      service: `service-${i % 4}`,
      spansPerTransaction: options.spansPerTransaction,
      startSeconds: options.startSeconds + i * 0.05,
      publicKey: options.publicKey,
    });
    envelopes.push(envelope);
    parent = envelope.lastSpanId;
  }
  return { traceId, envelopes };
}

export const newTraceId = () => hex(16);
