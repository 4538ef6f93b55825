/**
 * The gateway bench's stand-in for the network between Dexter and Sentry: a streaming HTTP proxy
 * on 127.0.0.1 that adds a fixed latency before forwarding (as the test fault proxy's `latency`
 * fault does) and records, per forwarded request, how long the upstream part took as the proxy
 * saw it: from the request's arrival to the last byte of the answer handed to the socket. That
 * duration is what "the upstream call" costs; whatever Dexter adds on top is Dexter's.
 *
 * It is not the test fault proxy (`apps/server/src/testing/fault-proxy.ts`) because that one
 * buffers bodies and keeps only arrival times; a bench needs durations and nothing in the path
 * that a real network would not do. Bodies stream in both directions over a keep-alive agent.
 */
import { Agent, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeProxy, forward } from '../lib/forward';

export interface ProxyRecord {
  method: string;
  path: string;
  status: number;
  /** Arrival to last byte of the answer, injected latency included. */
  ms: number;
}

export interface TimingProxy {
  url: string;
  /** Requests forwarded to the upstream since start (a counter, never reset). */
  forwarded(): number;
  setLatency(ms: number): void;
  /** The records since the last call, oldest first. */
  takeRecords(): ProxyRecord[];
  close(): Promise<void>;
}

export async function startTimingProxy(upstreamUrl: string): Promise<TimingProxy> {
  const upstream = { url: new URL(upstreamUrl), agent: new Agent({ keepAlive: true, maxSockets: 256 }) };
  let latencyMs = 0;
  let forwarded = 0;
  let records: ProxyRecord[] = [];

  const server = createServer((req, res) => {
    const arrived = performance.now();
    const send = () => {
      forwarded += 1;
      forward(req, res, upstream);
      res.once('finish', () =>
        records.push({
          method: req.method ?? 'GET',
          path: req.url ?? '/',
          status: res.statusCode,
          ms: performance.now() - arrived,
        }),
      );
    };
    if (latencyMs > 0) setTimeout(send, latencyMs);
    else send();
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    forwarded: () => forwarded,
    setLatency(ms) {
      latencyMs = ms;
    },
    takeRecords() {
      const taken = records;
      records = [];
      return taken;
    },
    close: () => closeProxy(server, upstream.agent),
  };
}
