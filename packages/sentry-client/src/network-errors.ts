/**
 * Turns a thrown undici / Node socket error into a `SentryNetworkError`, once, in the transport.
 *
 * undici puts its own codes on the error (`UND_ERR_*`); Node's socket and DNS errors carry errno
 * codes, sometimes on `cause` or, with happy-eyeballs connects, on each member of an
 * `AggregateError`. We look in all three places so the caller never has to. Unknown codes become
 * kind `other`: still a network error (the request got no HTTP answer), never silently a success.
 */
import { type NetworkErrorKind, SentryNetworkError, type UpstreamErrorContext } from './errors';

const KIND_BY_CODE: Readonly<Record<string, NetworkErrorKind>> = {
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  ETIMEDOUT: 'timeout',
  ECONNREFUSED: 'connect',
  EHOSTUNREACH: 'connect',
  ENETUNREACH: 'connect',
  EADDRNOTAVAIL: 'connect',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  UND_ERR_SOCKET: 'reset',
  // A body shorter than its Content-Length: the connection broke mid-response.
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'reset',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
};

export function networkErrorFrom(error: unknown, context: UpstreamErrorContext): SentryNetworkError {
  const code = errorCode(error);
  const kind = (code && KIND_BY_CODE[code]) || 'other';
  return new SentryNetworkError(kind, code, context, error);
}

function errorCode(error: unknown, depth = 0): string | null {
  if (typeof error !== 'object' || error === null || depth > 3) return null;
  if ('code' in error && typeof error.code === 'string' && error.code in KIND_BY_CODE) return error.code;
  if (error instanceof AggregateError) {
    for (const inner of error.errors) {
      const code = errorCode(inner, depth + 1);
      if (code) return code;
    }
  }
  const fromCause = 'cause' in error ? errorCode(error.cause, depth + 1) : null;
  if (fromCause) return fromCause;
  return 'code' in error && typeof error.code === 'string' ? error.code : null;
}
