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
  /** Requests sent again after a network error (the store ignores spans it already holds). */
  retried: number;
}

/**
 * One POST, sent again once if the connection failed before an answer: on a loaded machine
 * undici may reuse a keep-alive socket the server has just closed ("other side closed"). A resent
 * envelope is harmless, the store keeps a span once.
 */
async function post(endpoint: string, body: Buffer, onRetry: () => void): Promise<Response> {
  const send = () =>
    fetch(endpoint, {
      method: 'POST',
      body: body as unknown as BodyInit,
      headers: { 'content-encoding': 'gzip', 'content-type': 'application/x-sentry-envelope' },
    });
  try {
    return await send();
  } catch (error) {
    onRetry();
    process.stderr.write(
      `ingest: resending after ${String((error as { cause?: unknown }).cause ?? error)}\n`,
    );
    return send();
  }
}

export async function postEnvelopes(
  endpoint: string,
  bodies: readonly TransactionBody[],
  concurrency: number,
): Promise<IngestRun> {
  const statuses: Record<string, number> = {};
  let next = 0;
  let spans = 0;
  let retried = 0;
  const started = performance.now();
  async function client(): Promise<void> {
    while (next < bodies.length) {
      const item = bodies[next++]!;
      const res = await post(endpoint, item.body, () => {
        retried += 1;
      });
      await res.arrayBuffer();
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      if (res.status === 200) spans += item.spans;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, client));
  const seconds = (performance.now() - started) / 1000;
  return { envelopes: bodies.length, spans, seconds, spansPerSecond: spans / seconds, statuses, retried };
}
