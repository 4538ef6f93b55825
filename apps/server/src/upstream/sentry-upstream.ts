/**
 * Where every Sentry call leaves Dexter. Today: the undici transport with timeouts and a
 * keep-alive pool. This is the one place the pipeline stages (cache -> singleflight -> batcher ->
 * rate budget -> circuit breaker -> retry) wrap the transport, each a `Transport => Transport`.
 *
 * The base URL is resolved on first use: in standalone mode the upstream is this very server's
 * `/api/0`, whose port is only known once it listens (tests listen on port 0).
 */
import {
  createHttpTransport,
  createSentryClient,
  type HttpTransport,
  type Transport,
} from '@dexter/sentry-client';

export interface SentryUpstreamOptions {
  baseUrl: () => string;
  token: () => string;
  timeoutMs: number;
  userAgent: string;
}

export function createSentryUpstream({ baseUrl, token, timeoutMs, userAgent }: SentryUpstreamOptions) {
  let http: HttpTransport | null = null;
  const transport: Transport = (request) => {
    http ??= createHttpTransport({
      baseUrl: baseUrl(),
      token: token(),
      userAgent,
      timeouts: { connectMs: Math.min(timeoutMs, 5_000), headersMs: timeoutMs, bodyMs: timeoutMs },
    });
    return http(request);
  };
  return {
    client: createSentryClient({ transport }),
    async close(): Promise<void> {
      await http?.close();
    },
  };
}

export type SentryUpstream = ReturnType<typeof createSentryUpstream>;
