/** Errors of the store's Web API, rendered as Sentry does: `{"detail": "..."}` with the status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {
    super(detail);
  }
}

export const notFound = (what = 'The requested resource does not exist') => new ApiError(404, what);
