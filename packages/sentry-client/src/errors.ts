/**
 * The small hierarchy every failed Sentry call is classified into, once, at the client boundary.
 *
 * ```
 * SentryUpstreamError (abstract: code, retryable, operation, method, path)
 * ├─ SentryApiError             Sentry answered a non-2xx status (status, detail, bodySnippet, rateLimit)
 * │  ├─ SentryAuthError         401
 * │  ├─ SentryPermissionError   403
 * │  ├─ SentryNotFoundError     404
 * │  ├─ SentryValidationError   400 / 422 (fieldErrors)
 * │  ├─ SentryRateLimitError    429 (resetAt)
 * │  └─ SentryServerError       5xx
 * ├─ SentryNetworkError         no HTTP answer at all (kind: connect | timeout | reset | dns | other)
 * └─ SentryInvalidResponseError an answer that is not the API's (HTML, not JSON, too large, schema)
 * ```
 *
 * Invariants: `code` is a stable `DEXTER_ERR_UPSTREAM_*` string the gateway's error registry maps
 * to an HTTP status (this package never picks Dexter's status codes); `retryable` says whether the
 * failure can go away by itself — the retry stage still decides per operation whether a retry is
 * safe (idempotence). Messages name the operation and path but never the token.
 */
import type { RateLimitHeaders } from './rate-limit-headers';
import type { HttpMethod } from './transport';

export type SentryErrorCode =
  | 'DEXTER_ERR_UPSTREAM_AUTH'
  | 'DEXTER_ERR_UPSTREAM_FORBIDDEN'
  | 'DEXTER_ERR_UPSTREAM_NOT_FOUND'
  | 'DEXTER_ERR_UPSTREAM_VALIDATION'
  | 'DEXTER_ERR_UPSTREAM_RATE_LIMITED'
  | 'DEXTER_ERR_UPSTREAM_REJECTED'
  | 'DEXTER_ERR_UPSTREAM_SERVER'
  | 'DEXTER_ERR_UPSTREAM_NETWORK'
  | 'DEXTER_ERR_UPSTREAM_TIMEOUT'
  | 'DEXTER_ERR_UPSTREAM_BAD_RESPONSE';

export interface UpstreamErrorContext {
  operation: string;
  method: HttpMethod;
  path: string;
}

export abstract class SentryUpstreamError extends Error {
  abstract readonly code: SentryErrorCode;
  abstract readonly retryable: boolean;
  readonly operation: string;
  readonly method: HttpMethod;
  readonly path: string;

  constructor(message: string, context: UpstreamErrorContext, options?: ErrorOptions) {
    super(`${context.operation} (${context.method} ${context.path}): ${message}`, options);
    this.operation = context.operation;
    this.method = context.method;
    this.path = context.path;
  }
}

export interface ApiErrorInit extends UpstreamErrorContext {
  status: number;
  /** Sentry's own explanation: `{detail}`, a bare string body, or a summary of an HTML page. */
  detail: string | null;
  /** The start of the body, for logs; never shown to end users. */
  bodySnippet: string | null;
  rateLimit: RateLimitHeaders;
}

/** A non-2xx answer. Used directly only for 4xx statuses without a class of their own (405, 409, 410…). */
export class SentryApiError extends SentryUpstreamError {
  override readonly name: string = 'SentryApiError';
  override readonly code: SentryErrorCode = 'DEXTER_ERR_UPSTREAM_REJECTED';
  override readonly retryable: boolean = false;
  readonly status: number;
  readonly detail: string | null;
  readonly bodySnippet: string | null;
  /** Rate-limit headers of the failed response, so the rate budget learns from errors too. */
  readonly rateLimit: RateLimitHeaders;

  constructor(init: ApiErrorInit) {
    super(`Sentry answered ${init.status}${init.detail ? `: ${init.detail}` : ''}`, init);
    this.status = init.status;
    this.detail = init.detail;
    this.bodySnippet = init.bodySnippet;
    this.rateLimit = init.rateLimit;
  }
}

export class SentryAuthError extends SentryApiError {
  override readonly name = 'SentryAuthError';
  override readonly code = 'DEXTER_ERR_UPSTREAM_AUTH';
}

export class SentryPermissionError extends SentryApiError {
  override readonly name = 'SentryPermissionError';
  override readonly code = 'DEXTER_ERR_UPSTREAM_FORBIDDEN';
}

export class SentryNotFoundError extends SentryApiError {
  override readonly name = 'SentryNotFoundError';
  override readonly code = 'DEXTER_ERR_UPSTREAM_NOT_FOUND';
}

export class SentryValidationError extends SentryApiError {
  override readonly name = 'SentryValidationError';
  override readonly code = 'DEXTER_ERR_UPSTREAM_VALIDATION';
  /** DRF serializer errors (`{"status": ["\"x\" is not a valid choice."]}`), when Sentry sent them. */
  readonly fieldErrors: Readonly<Record<string, readonly string[]>> | null;

  constructor(init: ApiErrorInit, fieldErrors: Record<string, string[]> | null) {
    super(init);
    this.fieldErrors = fieldErrors;
  }
}

export class SentryRateLimitError extends SentryApiError {
  override readonly name = 'SentryRateLimitError';
  override readonly code = 'DEXTER_ERR_UPSTREAM_RATE_LIMITED';
  override readonly retryable = true;
  /** Epoch ms after which a retry may succeed, or null when Sentry did not say. */
  readonly resetAt: number | null;

  constructor(init: ApiErrorInit, resetAt: number | null) {
    super(init);
    this.resetAt = resetAt;
  }
}

export class SentryServerError extends SentryApiError {
  override readonly name = 'SentryServerError';
  override readonly code = 'DEXTER_ERR_UPSTREAM_SERVER';
  override readonly retryable = true;
}

export type NetworkErrorKind = 'connect' | 'timeout' | 'reset' | 'dns' | 'other';

/** No HTTP answer: the connection failed, timed out or broke mid-response. */
export class SentryNetworkError extends SentryUpstreamError {
  override readonly name = 'SentryNetworkError';
  override readonly code: 'DEXTER_ERR_UPSTREAM_NETWORK' | 'DEXTER_ERR_UPSTREAM_TIMEOUT';
  override readonly retryable = true;
  readonly kind: NetworkErrorKind;
  /** The underlying error code (`ECONNREFUSED`, `UND_ERR_HEADERS_TIMEOUT`…), for logs and metrics. */
  readonly causeCode: string | null;

  constructor(
    kind: NetworkErrorKind,
    causeCode: string | null,
    context: UpstreamErrorContext,
    cause: unknown,
  ) {
    super(`no answer from Sentry (${kind}${causeCode ? `, ${causeCode}` : ''})`, context, { cause });
    this.kind = kind;
    this.causeCode = causeCode;
    this.code = kind === 'timeout' ? 'DEXTER_ERR_UPSTREAM_TIMEOUT' : 'DEXTER_ERR_UPSTREAM_NETWORK';
  }
}

export type InvalidResponseReason = 'html' | 'not_json' | 'too_large' | 'schema' | 'unexpected_status';

export interface InvalidResponseInit extends UpstreamErrorContext {
  reason: InvalidResponseReason;
  status: number;
  message: string;
  bodySnippet: string | null;
}

/**
 * An answer that is not the Web API's: a proxy's HTML page, a truncated or non-JSON body, a body
 * over the size cap, a body that fails the lenient schema, or a 1xx/3xx the API never sends.
 * Not retryable: asking again rarely turns a login page into JSON, and the circuit breaker is the
 * right tool when a proxy in front of Sentry is broken.
 */
export class SentryInvalidResponseError extends SentryUpstreamError {
  override readonly name = 'SentryInvalidResponseError';
  override readonly code = 'DEXTER_ERR_UPSTREAM_BAD_RESPONSE';
  override readonly retryable = false;
  readonly reason: InvalidResponseReason;
  readonly status: number;
  readonly bodySnippet: string | null;

  constructor(init: InvalidResponseInit, options?: ErrorOptions) {
    super(init.message, init, options);
    this.reason = init.reason;
    this.status = init.status;
    this.bodySnippet = init.bodySnippet;
  }
}
