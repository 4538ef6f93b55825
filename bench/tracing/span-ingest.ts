/**
 * Span ingest throughput: prepared transaction envelopes POSTed to the store's envelope endpoint
 * by `concurrency` clients at once (undici's fetch, keep-alive), each waiting for its 200, which
 * the store sends once the spans are committed. Spans per second = spans acknowledged / wall time.
 */
import type { TransactionBody } from './span-envelopes';

export interface IngestRun {
  envelopes: number;
  spans: number;
  seconds: number;
  spansPerSecond: number;
  statuses: Record<string, number>;
}

export async function postEnvelopes(
  endpoint: string,
  bodies: readonly TransactionBody[],
  concurrency: number,
): Promise<IngestRun> {
  const statuses: Record<string, number> = {};
  let next = 0;
  let spans = 0;
  const started = performance.now();
  async function client(): Promise<void> {
    while (next < bodies.length) {
      const item = bodies[next++]!;
      const res = await fetch(endpoint, {
        method: 'POST',
        body: item.body as unknown as BodyInit,
        headers: { 'content-encoding': 'gzip', 'content-type': 'application/x-sentry-envelope' },
      });
      await res.arrayBuffer();
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      if (res.status === 200) spans += item.spans;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, client));
  const seconds = (performance.now() - started) / 1000;
  return { envelopes: bodies.length, spans, seconds, spansPerSecond: spans / seconds, statuses };
}
