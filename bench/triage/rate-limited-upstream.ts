/**
 * A stand-in for sentry.io's rate limiting in front of the built-in store: a streaming HTTP proxy
 * on 127.0.0.1 that lets at most `ratePerSecond` requests through per second (a token bucket with
 * a burst of one second's worth) and answers the rest `429` as Sentry does, with
 * `X-Sentry-Rate-Limit-Limit`, `-Remaining` and `-Reset` (epoch seconds) on every answer, and no
 * Retry-After. It counts what it forwarded and what it refused, by method, so the bench reports
 * the upstream calls a bulk job really made.
 */
import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RateLimitedUpstream {
  url: string;
  counts(): { forwarded: Record<string, number>; refused: number };
  close(): Promise<void>;
}

// Hop-by-hop headers (RFC 9110 §7.6.1) describe one connection, not the message.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection']);

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const kept: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (!HOP_BY_HOP.has(name)) kept[name] = value;
  return kept;
}

export async function startRateLimitedUpstream(
  upstreamUrl: string,
  ratePerSecond: number,
  now: () => number = Date.now,
): Promise<RateLimitedUpstream> {
  const upstream = new URL(upstreamUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  let tokens = ratePerSecond;
  let refilledAt = now();
  const forwarded: Record<string, number> = {};
  let refused = 0;

  const take = (): boolean => {
    const at = now();
    tokens = Math.min(ratePerSecond, tokens + ((at - refilledAt) / 1000) * ratePerSecond);
    refilledAt = at;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
  const limitHeaders = () => ({
    'x-sentry-rate-limit-limit': String(ratePerSecond),
    'x-sentry-rate-limit-remaining': String(Math.max(0, Math.floor(tokens))),
    'x-sentry-rate-limit-reset': String(Math.ceil(now() / 1000) + 1),
  });

  const server = createServer((req, res) => {
    if (!take()) {
      refused += 1;
      req.resume();
      res.writeHead(429, { 'content-type': 'application/json', ...limitHeaders() });
      res.end(
        JSON.stringify({
          detail: `You are attempting to use this endpoint too frequently. Limit is ${ratePerSecond} requests in 1 seconds`,
        }),
      );
      return;
    }
    const method = req.method ?? 'GET';
    forwarded[method] = (forwarded[method] ?? 0) + 1;
    const proxied = httpRequest(
      {
        agent,
        host: upstream.hostname,
        port: upstream.port,
        method,
        path: req.url,
        headers: { ...endToEnd(req.headers), host: upstream.host },
      },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, { ...endToEnd(upstreamRes.headers), ...limitHeaders() });
        upstreamRes.pipe(res);
      },
    );
    proxied.once('error', () => res.destroy());
    req.pipe(proxied);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => ({ forwarded: { ...forwarded }, refused }),
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
