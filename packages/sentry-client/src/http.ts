/**
 * The HTTP transport: the bottom of the upstream pipeline and the only module that imports undici.
 *
 * `createHttpTransport` returns a `Transport` (see `transport.ts`). That function type is the seam:
 * the server wraps it as cache -> singleflight -> batcher -> rate budget -> circuit breaker ->
 * retry, and gives the composed function to `createSentryClient({ transport })`. Resources never
 * call undici, so every Sentry call goes through the whole chain.
 *
 * Invariants:
 * - one keep-alive `Agent` per transport, with connect, headers and body timeouts, so a stalled
 *   Sentry costs a bounded time and never a socket per request;
 * - every request carries `Authorization: Bearer`, `User-Agent` and `Accept: application/json`;
 *   bodies are JSON with `Content-Type: application/json`;
 * - a response body is read up to `maxResponseBytes` (32 MiB by default) and then abandoned, so a
 *   runaway response cannot exhaust memory;
 * - failures are classified here, once: no HTTP answer -> `SentryNetworkError`; non-2xx ->
 *   `errorFromResponse`; a 2xx that is not JSON -> `SentryInvalidResponseError`. A caller's own
 *   abort is rethrown as the signal's reason, since it is not an upstream failure.
 */
import { Agent, type Dispatcher } from 'undici';
import { errorFromResponse, looksLikeHtml, snippet } from './error-from-response';
import { SentryInvalidResponseError, type UpstreamErrorContext } from './errors';
import { networkErrorFrom } from './network-errors';
import { encodeQuery, type Transport, type UpstreamRequest, type UpstreamResponse } from './transport';

export interface HttpTimeouts {
  /** TCP + TLS handshake. */
  connectMs: number;
  /** From request sent to response headers received. */
  headersMs: number;
  /** Longest silence between two body chunks. */
  bodyMs: number;
  /** How long an idle pooled socket is kept (Sentry's keep-alive hint may shorten it). */
  keepAliveMs: number;
}

export const DEFAULT_HTTP_TIMEOUTS: Readonly<HttpTimeouts> = {
  connectMs: 5_000,
  headersMs: 30_000,
  bodyMs: 30_000,
  keepAliveMs: 10_000,
};

export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

export interface HttpTransportOptions {
  /** `https://sentry.io`, a region host, or a self-hosted URL (a path prefix is kept). */
  baseUrl: string;
  token: string;
  userAgent: string;
  timeouts?: Partial<HttpTimeouts>;
  maxResponseBytes?: number;
  /** Injected by tests or by a caller that owns its pool; `close()` then leaves it open. */
  dispatcher?: Dispatcher;
  /** Clock for `Retry-After` arithmetic. */
  now?: () => number;
}

export type HttpTransport = Transport & { close(): Promise<void> };

export function createHttpTransport(options: HttpTransportOptions): HttpTransport {
  const base = new URL(options.baseUrl);
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    throw new TypeError(`createHttpTransport: baseUrl must be http(s), got ${base.protocol}`);
  }
  if (!options.token) throw new TypeError('createHttpTransport: token is required');
  const prefix = base.pathname.replace(/\/+$/, '');
  const timeouts = { ...DEFAULT_HTTP_TIMEOUTS, ...options.timeouts };
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const now = options.now ?? Date.now;
  const dispatcher: Dispatcher =
    options.dispatcher ??
    new Agent({
      keepAliveTimeout: timeouts.keepAliveMs,
      connect: { timeout: timeouts.connectMs },
      headersTimeout: timeouts.headersMs,
      bodyTimeout: timeouts.bodyMs,
    });
  const ownsDispatcher = dispatcher !== options.dispatcher;
  const fixedHeaders = {
    authorization: `Bearer ${options.token}`,
    'user-agent': options.userAgent,
    accept: 'application/json',
  };

  const send = async (req: UpstreamRequest): Promise<UpstreamResponse> => {
    if (!req.path.startsWith('/api/0/')) {
      throw new TypeError(`${req.operation}: path must be built with apiPath and start with /api/0/`);
    }
    const context: UpstreamErrorContext = { operation: req.operation, method: req.method, path: req.path };
    const query = encodeQuery(req.query).toString();
    // Serialised before the try: a body that cannot be JSON is a bug here, not a network error.
    const body = req.body === undefined ? null : JSON.stringify(req.body);
    let status: number;
    let headers: Record<string, string>;
    let text: string | null;
    try {
      const res = await dispatcher.request({
        origin: base.origin,
        path: `${prefix}${req.path}${query ? `?${query}` : ''}`,
        method: req.method,
        headers: body === null ? fixedHeaders : { ...fixedHeaders, 'content-type': 'application/json' },
        body,
        signal: req.signal ?? null,
        // Also set per request, so the timeouts hold with an injected dispatcher.
        headersTimeout: timeouts.headersMs,
        bodyTimeout: timeouts.bodyMs,
      });
      status = res.statusCode;
      headers = flattenHeaders(res.headers);
      text = await readCapped(res.body, Number(headers['content-length'] ?? 0), maxBytes);
    } catch (error) {
      if (req.signal?.aborted) throw req.signal.reason ?? error;
      throw networkErrorFrom(error, context);
    }
    if (text === null) {
      throw new SentryInvalidResponseError({
        ...context,
        reason: 'too_large',
        status,
        bodySnippet: null,
        message: `response body over ${maxBytes} bytes`,
      });
    }
    return interpret(context, status, headers, text, now());
  };

  return Object.assign(send, {
    close: async () => {
      if (ownsDispatcher) await dispatcher.close();
    },
  });
}

/** Reads the body as UTF-8 text, or returns null (and drops the socket) once it exceeds `max`. */
async function readCapped(body: Dispatcher.ResponseData['body'], declared: number, max: number) {
  if (declared > max) {
    body.destroy();
    return null;
  }
  // A Content-Length frames the body: the parser reads no byte past it, so undici may collect it
  // whole (without the async iteration below, which costs more than decoding 50 KB).
  if (declared > 0) return body.text();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf: Buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buf.length;
    if (size > max) {
      body.destroy();
      return null;
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function interpret(
  context: UpstreamErrorContext,
  status: number,
  headers: Record<string, string>,
  text: string,
  now: number,
): UpstreamResponse {
  const parsed = parseJson(text);
  if (status >= 200 && status <= 299) {
    if (parsed.ok) return { status, headers, body: parsed.value, text };
    const html = looksLikeHtml(text, headers['content-type']);
    throw new SentryInvalidResponseError(
      {
        ...context,
        reason: html ? 'html' : 'not_json',
        status,
        bodySnippet: snippet(text),
        message: html ? `expected JSON, got an HTML page (status ${status})` : 'body is not valid JSON',
      },
      { cause: parsed.error },
    );
  }
  const res = parsed.ok
    ? { status, headers, body: parsed.value }
    : { status, headers, body: undefined, rawText: text };
  throw errorFromResponse(context, res, now);
}

type ParsedJson = { ok: true; value: unknown } | { ok: false; error: unknown };

function parseJson(text: string): ParsedJson {
  if (text.trim() === '') return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error };
  }
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}
