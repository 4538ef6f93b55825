/**
 * Errors of the store's Web API, rendered as Sentry does: `{"detail": "..."}` with the status, or,
 * for a request body that fails validation, DRF's field map (`{"text": ["This field is required."]}`).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    /** Replaces `{detail}` as the response body when set. */
    readonly body?: Record<string, unknown>,
  ) {
    super(detail);
  }
}

export const notFound = (what = 'The requested resource does not exist') => new ApiError(404, what);

/** A DRF-style validation error of one body field. */
export const fieldError = (field: string, message: string) =>
  new ApiError(400, `${field}: ${message}`, { [field]: [message] });
