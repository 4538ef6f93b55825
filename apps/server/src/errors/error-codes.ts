/**
 * Dexter's error codes: one registry, each code with its HTTP status. Codes are never reused for
 * a different meaning. Upstream codes come from the Sentry client's classification.
 */
export const errorCodes = {
  DEXTER_ERR_VALIDATION: 400,
  DEXTER_ERR_UNSAFE_URL: 400,
  DEXTER_ERR_UNAUTHENTICATED: 401,
  DEXTER_ERR_INVALID_CREDENTIALS: 401,
  DEXTER_ERR_WEBHOOK_SIGNATURE: 401,
  DEXTER_ERR_FORBIDDEN: 403,
  DEXTER_ERR_CSRF: 403,
  DEXTER_ERR_PASSWORD_CHANGE_REQUIRED: 403,
  DEXTER_ERR_SESSION_REQUIRED: 403,
  DEXTER_ERR_CONFLICT: 409,
  DEXTER_ERR_NO_STORE: 409,
  DEXTER_ERR_SIGN_IN_THROTTLED: 429,
  DEXTER_ERR_OIDC: 502,
  DEXTER_ERR_NOT_FOUND: 404,
  DEXTER_ERR_PAYLOAD_TOO_LARGE: 413,
  DEXTER_ERR_RATE_LIMITED: 429,
  DEXTER_ERR_INTERNAL: 500,
  DEXTER_ERR_UPSTREAM_AUTH: 502,
  DEXTER_ERR_UPSTREAM_FORBIDDEN: 403,
  DEXTER_ERR_UPSTREAM_NOT_FOUND: 404,
  DEXTER_ERR_UPSTREAM_VALIDATION: 400,
  DEXTER_ERR_UPSTREAM_RATE_LIMITED: 503,
  DEXTER_ERR_UPSTREAM_REJECTED: 502,
  DEXTER_ERR_UPSTREAM_SERVER: 502,
  DEXTER_ERR_UPSTREAM_NETWORK: 502,
  DEXTER_ERR_UPSTREAM_TIMEOUT: 504,
  DEXTER_ERR_UPSTREAM_BAD_RESPONSE: 502,
  DEXTER_ERR_UPSTREAM_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof errorCodes;

export class DexterError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  get status(): number {
    return errorCodes[this.code];
  }
}
