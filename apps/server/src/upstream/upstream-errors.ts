/**
 * Failures the upstream pipeline raises itself, without Sentry having answered.
 *
 * `UpstreamUnavailableError` is what a request gets while the circuit breaker is open. It has
 * the same shape as a `SentryUpstreamError` (`code`, `retryable`, `operation`, `method`, `path`)
 * so stages that look at those fields treat it alike: the cache stage serves stale reads on it,
 * the retry stage never retries it (`retryable` is false: retrying into an open breaker only
 * fails fast again). It is a `DexterError`, so the one error handler renders it as a 503 with a
 * message safe to show: the host stays on the error for logs, never in the message.
 */
import type { HttpMethod } from '@dexter/sentry-client';
import { DexterError } from '../errors/error-codes';

export interface UpstreamUnavailableInit {
  host: string;
  operation: string;
  method: HttpMethod;
  path: string;
}

export class UpstreamUnavailableError extends DexterError {
  declare readonly code: 'DEXTER_ERR_UPSTREAM_UNAVAILABLE';
  override readonly name = 'UpstreamUnavailableError';
  readonly retryable = false;
  readonly host: string;
  readonly operation: string;
  readonly method: HttpMethod;
  readonly path: string;

  constructor(init: UpstreamUnavailableInit) {
    super(
      'DEXTER_ERR_UPSTREAM_UNAVAILABLE',
      `Sentry is unavailable after repeated failures (${init.operation}); try again shortly`,
    );
    this.host = init.host;
    this.operation = init.operation;
    this.method = init.method;
    this.path = init.path;
  }
}
