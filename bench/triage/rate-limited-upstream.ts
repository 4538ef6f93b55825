/**
 * A stand-in for sentry.io's rate limiting in front of the built-in store: a streaming HTTP proxy
 * on 127.0.0.1 that lets at most `ratePerSecond` requests through per second (a token bucket with
 * a burst of one second's worth) and answers the rest `429` as Sentry does, with
 * `X-Sentry-Rate-Limit-Limit`, `-Remaining` and `-Reset` (epoch seconds) on every answer, and no
 * Retry-After. It counts what it forwarded and what it refused, by method, so the bench reports
 * the upstream calls a bulk job really made.
 */
import { Agent, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeProxy, forward } from '../lib/forward';

export interface RateLimitedUpstream {
  url: string;
  counts(): { forwarded: Record<string, number>; refused: number };
  close(): Promise<void>;
}

export async function startRateLimitedUpstream(
  upstreamUrl: string,
  ratePerSecond: number,
  now: () => number = Date.now,
): Promise<RateLimitedUpstream> {
  const upstream = { url: new URL(upstreamUrl), agent: new Agent({ keepAlive: true, maxSockets: 64 }) };
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
    forward(req, res, upstream, limitHeaders);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => ({ forwarded: { ...forwarded }, refused }),
    close: () => closeProxy(server, upstream.agent),
  };
}
