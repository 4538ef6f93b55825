/**
 * One HTTP request over an undici Pool, timed from the call to the last byte of the body, with
 * what the gateway benches look at: the status, Dexter's `x-dexter-cache` header and the body.
 * Never throws: a request that got no answer comes back with status 0 and the reason.
 */
import type { Dispatcher, Pool } from 'undici';

export interface TimedRequest {
  method?: Dispatcher.HttpMethod;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface TimedResponse {
  status: number;
  ms: number;
  /** `x-dexter-cache` (hit, miss, stale, bypass), or `none` when absent. */
  cache: string;
  body: Buffer;
  error?: string;
}

export async function timedRequest(pool: Pool, request: TimedRequest): Promise<TimedResponse> {
  const started = performance.now();
  try {
    const response = await pool.request({
      method: request.method ?? 'GET',
      path: request.path,
      headers: request.headers,
      body: request.body,
    });
    const body = Buffer.from(await response.body.arrayBuffer());
    const cache = response.headers['x-dexter-cache'];
    return {
      status: response.statusCode,
      ms: performance.now() - started,
      cache: typeof cache === 'string' ? cache : 'none',
      body,
    };
  } catch (error) {
    return {
      status: 0,
      ms: performance.now() - started,
      cache: 'none',
      body: Buffer.alloc(0),
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

export function expectOk(what: string, response: TimedResponse): TimedResponse {
  if (response.status < 200 || response.status >= 300) {
    const detail = response.error ?? response.body.toString('utf8').slice(0, 300);
    throw new Error(`${what} answered ${response.status}: ${detail}`);
  }
  return response;
}

/** Adds one to `counts[key]`. */
export function tally(counts: Record<string, number>, key: string | number): void {
  counts[key] = (counts[key] ?? 0) + 1;
}
