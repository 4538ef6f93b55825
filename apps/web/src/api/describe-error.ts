/**
 * Turns any thrown value into what an error state or notification shows: the server's own message,
 * a hint on what to do about it chosen by status, and the code and request id a user can quote.
 */
import { isApiError } from './http';

export interface ErrorDescription {
  message: string;
  hint: string | null;
  code: string | null;
  requestId: string | null;
  /** Whether trying again can help: network, rate limit, server errors, and anything unexpected. */
  retryable: boolean;
}

export function describeError(error: unknown): ErrorDescription {
  if (!isApiError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return { message, hint: null, code: null, requestId: null, retryable: true };
  }
  const { status } = error;
  return {
    message: error.message,
    hint: hintFor(status),
    code: error.code,
    requestId: error.requestId,
    retryable: status === 0 || status === 429 || status >= 500,
  };
}

/** "DEXTER_ERR_X · request abc", the part a user quotes when reporting; null when there is none. */
export function errorReference({
  code,
  requestId,
}: Pick<ErrorDescription, 'code' | 'requestId'>): string | null {
  const parts = [code, requestId && `request ${requestId}`].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : null;
}

function hintFor(status: number): string | null {
  if (status === 0) return 'Check your connection and that the Dexter server is running.';
  if (status === 401) return 'Your session has expired: sign in again.';
  if (status === 403)
    return 'Your role, or the token Dexter reaches its issues with, does not allow this action.';
  if (status === 404) return 'It may have been deleted, merged, or belong to another organization.';
  if (status === 429) return 'Too many requests for now: try again in a minute.';
  // The message itself names Sentry when Sentry failed (the server's upstream errors say so).
  if (status >= 500) return 'The server is having trouble: try again shortly.';
  return null;
}
