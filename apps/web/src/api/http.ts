/**
 * The browser's one way to call Dexter's API. Every response body is parsed with the zod schema
 * from `@dexter/contracts`, so callers get `z.output<Schema>` and never cast. Every failure becomes
 * an `ApiError`: the server's error envelope when there is one, otherwise a `WEB_*` code made here
 * (network failure, a non-JSON error page from a proxy, a body that breaks the contract).
 * Aborts are re-thrown untouched so TanStack Query can tell cancellation from failure.
 * State-changing requests carry the session's CSRF token (`x-csrf-token`, from the readable
 * `dexter_csrf` cookie). A GET the page's boot script already started takes that response.
 */
import { CSRF_COOKIE, CSRF_HEADER, ErrorEnvelopeSchema } from '@dexter/contracts';
import { prettifyError, type ZodType, type z } from 'zod';
import { takePrefetchedRead } from './prefetched-reads';

export const WEB_ERROR_CODES = {
  network: 'WEB_NETWORK_ERROR',
  unexpectedResponse: 'WEB_UNEXPECTED_RESPONSE',
  contractMismatch: 'WEB_CONTRACT_MISMATCH',
} as const;

export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** HTTP status, or 0 when no response arrived. */
  readonly status: number;
  readonly code: string;
  readonly requestId: string | null;

  constructor(init: { status: number; code: string; message: string; requestId: string | null }) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
  }
}

type Method = 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  method?: Method;
  body?: unknown;
  signal?: AbortSignal;
}

export async function apiRequest<S extends ZodType>(
  path: string,
  schema: S,
  { method = 'GET', body, signal }: RequestOptions = {},
): Promise<z.output<S>> {
  const response = await send(path, { method, body, signal });
  const requestId = response.headers.get('x-request-id');
  const json = await readJson(response);

  if (!response.ok) {
    const envelope = ErrorEnvelopeSchema.safeParse(json);
    if (envelope.success) {
      const { code, message, requestId: envelopeRequestId } = envelope.data.error;
      throw new ApiError({ status: response.status, code, message, requestId: envelopeRequestId });
    }
    throw new ApiError({
      status: response.status,
      code: WEB_ERROR_CODES.unexpectedResponse,
      message: `${method} ${path} failed with HTTP ${response.status} and no error details.`,
      requestId,
    });
  }

  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ApiError({
      status: response.status,
      code: WEB_ERROR_CODES.contractMismatch,
      message: `The answer to ${method} ${path} does not match the API contract:\n${prettifyError(parsed.error)}`,
      requestId,
    });
  }
  return parsed.data;
}

export const apiGet = <S extends ZodType>(path: string, schema: S, signal?: AbortSignal) =>
  apiRequest(path, schema, { signal });

export const apiPut = <S extends ZodType>(path: string, body: unknown, schema: S) =>
  apiRequest(path, schema, { method: 'PUT', body });

export const apiPost = <S extends ZodType>(path: string, body: unknown, schema: S) =>
  apiRequest(path, schema, { method: 'POST', body });

export const apiPatch = <S extends ZodType>(path: string, body: unknown, schema: S) =>
  apiRequest(path, schema, { method: 'PATCH', body });

export const apiDelete = <S extends ZodType>(path: string, schema: S) =>
  apiRequest(path, schema, { method: 'DELETE' });

/** A cookie the page may read (the CSRF token); null outside a browser or when unset. */
export function readCookie(name: string): string | null {
  if (typeof document === 'undefined') return null;
  for (const part of document.cookie.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return null;
}

async function send(path: string, { method, body, signal }: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  // The server refuses a state-changing request of a cookie session without its CSRF token.
  const csrf = method === 'GET' ? null : readCookie(CSRF_COOKIE);
  if (csrf) headers[CSRF_HEADER] = csrf;
  try {
    // The page's first reads may be in flight already, started before the app loaded.
    const prefetched = method === 'GET' ? takePrefetchedRead(path) : null;
    if (prefetched) return await prefetched;
    return await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      credentials: 'same-origin',
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError({
      status: 0,
      code: WEB_ERROR_CODES.network,
      message: `Could not reach the Dexter server (${method} ${path}). Check that it is running.`,
      requestId: null,
    });
  }
}

/** `undefined` for an empty or non-JSON body (a proxy's HTML error page, a 204). */
async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}
