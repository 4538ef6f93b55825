/**
 * A fault-injecting HTTP proxy for tests: sits between Dexter and its upstream (the built-in
 * store) on 127.0.0.1 and, per request, forwards faithfully or misbehaves the way a real Sentry
 * or network can: added latency, a 5xx, a 429 with Sentry's rate-limit headers and bare-string
 * body, a reset connection, a truncated body, or an HTML page. It counts what reached the
 * upstream so tests can assert "exactly one upstream call".
 */
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  | { kind: 'pass' }
  | { kind: 'latency'; ms: number }
  | { kind: 'status'; status: number; body?: string }
  | { kind: 'rate-limit'; resetAt: number /* epoch seconds */; limit?: number }
  | { kind: 'reset' }
  | { kind: 'truncate' }
  | { kind: 'html' }
  | { kind: 'garbage' };

export interface ForwardedRequest {
  method: string;
  path: string;
  at: number;
}

export interface FaultProxy {
  url: string;
  /** Every request that reached the upstream, in order. */
  forwarded: ForwardedRequest[];
  /** Every request the proxy received, faulted or not. */
  received: ForwardedRequest[];
  /** Decides the fault for each request; default passes everything through. */
  setFault(choose: (req: { method: string; path: string }) => Fault): void;
  close(): Promise<void>;
}

export async function startFaultProxy(upstreamUrl: string): Promise<FaultProxy> {
  const upstream = new URL(upstreamUrl);
  let choose: (req: { method: string; path: string }) => Fault = () => ({ kind: 'pass' });
  const forwarded: ForwardedRequest[] = [];
  const received: ForwardedRequest[] = [];

  const forward = (req: IncomingMessage, res: ServerResponse, transform?: (body: Buffer) => Buffer) => {
    forwarded.push({ method: req.method ?? 'GET', path: req.url ?? '/', at: Date.now() });
    const proxied = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (upstreamRes) => {
        const chunks: Buffer[] = [];
        upstreamRes.on('data', (chunk: Buffer) => chunks.push(chunk));
        upstreamRes.on('end', () => {
          const body = Buffer.concat(chunks);
          const headers = { ...upstreamRes.headers };
          if (!transform) {
            res.writeHead(upstreamRes.statusCode ?? 502, headers);
            res.end(body);
            return;
          }
          // A truncated body: promise the full length, send half, then cut the connection.
          res.writeHead(upstreamRes.statusCode ?? 502, { ...headers, 'content-length': String(body.length) });
          res.write(transform(body));
          res.socket?.destroy();
        });
      },
    );
    proxied.on('error', () => res.socket?.destroy());
    req.pipe(proxied);
  };

  const server: Server = createServer((req, res) => {
    const entry = { method: req.method ?? 'GET', path: req.url ?? '/', at: Date.now() };
    received.push(entry);
    const fault = choose(entry);
    switch (fault.kind) {
      case 'pass':
        return forward(req, res);
      case 'latency':
        return void setTimeout(() => forward(req, res), fault.ms);
      case 'truncate':
        return forward(req, res, (body) => body.subarray(0, Math.floor(body.length / 2)));
      case 'status':
        req.resume();
        res.writeHead(fault.status, { 'content-type': 'application/json' });
        return void res.end(fault.body ?? JSON.stringify({ detail: 'Internal Error' }));
      case 'rate-limit':
        // Sentry's 429: a bare JSON string body, rate-limit headers, no Retry-After.
        req.resume();
        res.writeHead(429, {
          'content-type': 'application/json',
          'x-sentry-rate-limit-limit': String(fault.limit ?? 40),
          'x-sentry-rate-limit-remaining': '0',
          'x-sentry-rate-limit-reset': String(fault.resetAt),
          'x-sentry-rate-limit-concurrentlimit': '25',
          'x-sentry-rate-limit-concurrentremaining': '24',
        });
        return void res.end(
          JSON.stringify(
            'You are attempting to use this endpoint too frequently. Limit is 40 requests in 1 seconds',
          ),
        );
      case 'reset':
        req.resume();
        return void req.socket.destroy();
      case 'html':
        req.resume();
        res.writeHead(200, { 'content-type': 'text/html' });
        return void res.end('<!doctype html><html><body><h1>Sign in to continue</h1></body></html>');
      case 'garbage':
        req.resume();
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end('{"id": 12, "title": tru\u0000\u0001');
    }
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    forwarded,
    received,
    setFault(next) {
      choose = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
