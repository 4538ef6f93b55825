/**
 * The transaction summary's workload: `totalSpans` spans as transactions of `spansPerTransaction`
 * spans (the transaction and its children), spread over the last `hours` hours, named after
 * `routes` routes (`GET /route-<k>`), each route with its own typical duration and a long tail,
 * 2 % of them failed; children are database queries, HTTP calls and cache reads with a few
 * distinct descriptions each. Then the summary of every route is read once through Dexter's API
 * (each a different query, so no answer comes from Dexter's upstream cache) and timed.
 */
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { TransactionBody } from './span-envelopes';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const CHILDREN = [
  ['db.query', (k: number) => `select * from orders where id = $${k % 5}`],
  ['http.client', (k: number) => `GET http://inventory.internal/stock/${k % 3}`],
  ['cache.get', (k: number) => `cart:${k % 4}`],
  ['db.query', (k: number) => `update carts set total = $1 where id = $${k % 2}`],
] as const;

export interface SummaryWorkload {
  totalSpans: number;
  spansPerTransaction: number;
  routes: number;
  hours: number;
  publicKey: string;
  nowSeconds: number;
}

/** A duration in seconds: the route's typical length times a long-tailed factor. */
function durationOf(route: number): number {
  const typical = 0.02 + route * 0.015;
  return typical * Math.exp(Math.random() * Math.random() * 3);
}

export function summaryEnvelopes(w: SummaryWorkload): TransactionBody[] {
  const transactions = Math.floor(w.totalSpans / w.spansPerTransaction);
  const bodies: TransactionBody[] = [];
  for (let t = 0; t < transactions; t++) {
    const route = t % w.routes;
    const traceId = hex(16);
    const rootId = hex(8);
    const duration = durationOf(route);
    const t0 = w.nowSeconds - Math.random() * w.hours * 3600;
    const spans = [];
    const children = w.spansPerTransaction - 1;
    for (let i = 0; i < children; i++) {
      const [op, describe] = CHILDREN[i % CHILDREN.length]!;
      const start = t0 + (i / children) * duration * 0.9;
      spans.push({
        trace_id: traceId,
        span_id: hex(8),
        parent_span_id: rootId,
        op,
        description: describe(i),
        start_timestamp: start,
        timestamp: start + (duration * 0.9) / children,
        status: 'ok',
        origin: 'auto.db.pg',
      });
    }
    const failed = Math.random() < 0.02;
    const event = {
      event_id: hex(16),
      type: 'transaction',
      platform: 'node',
      transaction: `GET /route-${route}`,
      transaction_info: { source: 'route' },
      start_timestamp: t0,
      timestamp: t0 + duration,
      environment: 'production',
      release: 'shop@1.0.0',
      sdk: { name: 'sentry.javascript.node', version: '11.12.0' },
      contexts: {
        trace: {
          trace_id: traceId,
          span_id: rootId,
          op: 'http.server',
          status: failed ? 'internal_error' : 'ok',
          origin: 'auto.http.otel.http',
        },
      },
      spans,
    };
    const header = {
      event_id: event.event_id,
      sent_at: new Date().toISOString(),
      trace: { trace_id: traceId, public_key: w.publicKey, sampled: 'true' },
    };
    const text = `${JSON.stringify(header)}\n${JSON.stringify({ type: 'transaction' })}\n${JSON.stringify(event)}`;
    bodies.push({ body: gzipSync(text), spans: w.spansPerTransaction });
  }
  return bodies;
}
