/**
 * The seam between the Sentry client and everything that carries its requests.
 *
 * Resources (`resources/*.ts`) only ever call a `Transport`. The real one is `createHttpTransport`
 * (undici); the server wraps it as cache -> singleflight -> batcher -> rate budget -> circuit
 * breaker -> retry, each stage a `Transport => Transport`, and hands the composed function to
 * `createSentryClient`. Tests hand in a fake. Nothing outside `http.ts` imports undici.
 *
 * Invariants of the contract:
 * - `path` comes from `apiPath` and starts with `/api/0/`; the query is separate and is encoded
 *   only by `encodeQuery`, so a cache key and the wire request see the same parameters;
 * - a transport resolves only with 2xx responses whose body is parsed JSON (`null` when empty);
 *   everything else rejects with one of the `SentryUpstreamError` classes from `errors.ts`;
 * - `headers` keys are lower-case, repeated headers joined with `, `.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export type QueryValue = string | number | boolean | ReadonlyArray<string | number> | undefined;
export type Query = URLSearchParams | Readonly<Record<string, QueryValue>>;

export interface UpstreamRequest {
  /** Stable operation name (`issues.list`); the pipeline keys cache, retry and cost on it. */
  operation: string;
  method: HttpMethod;
  path: string;
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /**
   * Interactive requests (a person waiting) go ahead of background work (pollers, exports, bulk
   * jobs) in the rate budget. Defaults to interactive.
   */
  priority?: RequestPriority;
}

export type RequestPriority = 'interactive' | 'background';

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON; `null` for an empty body; `undefined` when the body was not JSON (see `rawText`). */
  body: unknown;
  /** The undecoded text, present only when the body could not be parsed as JSON. */
  rawText?: string;
  /**
   * The JSON text `body` was parsed from, exactly as received, on answers the HTTP transport read.
   * A cache keeps this instead of serializing `body` again, which costs as much as parsing it.
   */
  text?: string;
}

export type Transport = (req: UpstreamRequest) => Promise<UpstreamResponse>;

/** Per-call options every resource function accepts last. */
export interface CallOptions {
  signal?: AbortSignal;
  priority?: RequestPriority;
}

/**
 * Arrays become repeated keys (`project=1&project=2`), which is how Sentry's Django views read
 * list parameters; `undefined` and empty arrays are dropped so "not set" never reaches the wire
 * as an empty value that Sentry would treat as a filter.
 */
export function encodeQuery(query: Query | undefined): URLSearchParams {
  if (query instanceof URLSearchParams) return new URLSearchParams(query);
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) params.append(key, String(item));
  }
  return params;
}
