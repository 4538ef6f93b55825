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
import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

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

// Hop-by-hop headers (RFC 9110 §7.6.1) describe one connection, not the message.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection']);

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const kept: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (!HOP_BY_HOP.has(name)) kept[name] = value;
  return kept;
}

export async function startTimingProxy(upstreamUrl: string): Promise<TimingProxy> {
  const upstream = new URL(upstreamUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  let latencyMs = 0;
  let forwarded = 0;
  let records: ProxyRecord[] = [];

  const server = createServer((req, res) => {
    const arrived = performance.now();
    const forward = () => {
      forwarded += 1;
      const proxied = httpRequest(
        {
          agent,
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...endToEnd(req.headers), host: upstream.host },
        },
        (upstreamRes) => {
          const status = upstreamRes.statusCode ?? 502;
          res.writeHead(status, endToEnd(upstreamRes.headers));
          upstreamRes.pipe(res);
          res.once('finish', () =>
            records.push({
              method: req.method ?? 'GET',
              path: req.url ?? '/',
              status,
              ms: performance.now() - arrived,
            }),
          );
        },
      );
      proxied.once('error', () => res.destroy());
      req.pipe(proxied);
    };
    if (latencyMs > 0) setTimeout(forward, latencyMs);
    else forward();
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
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          agent.destroy();
          resolve();
        });
      }),
  };
}
