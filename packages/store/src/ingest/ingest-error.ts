// The one error type the ingestion building blocks throw.
//
// Why: Sentry SDKs read only the status code (and Retry-After on 429), but humans debugging an SDK
// read Relay's `{"detail": ...}` body and `X-Sentry-Error` header. Every ingest failure therefore
// carries the status it maps to and a one-line detail, and the HTTP layer renders both unchanged.
//
// Invariant: `detail` is always safe to put in an HTTP header: printable ASCII only, at most
// MAX_DETAIL_LENGTH characters. Details may quote client input (an encoding name, a JSON excerpt),
// so the constructor sanitizes instead of trusting each call site.

const MAX_DETAIL_LENGTH = 300;

export class IngestError extends Error {
  override readonly name = 'IngestError';
  readonly status: number;
  readonly detail: string;
  /** Only set on 429: seconds the SDK should wait, rendered as `Retry-After`. */
  readonly retryAfterSeconds: number | undefined;

  constructor(status: number, detail: string, options?: { retryAfterSeconds?: number; cause?: unknown }) {
    const safe = sanitizeDetail(detail);
    super(safe, options?.cause === undefined ? undefined : { cause: options.cause });
    this.status = status;
    this.detail = safe;
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}

export function isIngestError(value: unknown): value is IngestError {
  return value instanceof IngestError;
}

/** 400: the body, an envelope or an event cannot be understood. */
export const malformed = (detail: string, cause?: unknown): IngestError =>
  new IngestError(400, detail, { cause });

/** 401: no usable public key. */
export const unauthorized = (detail: string): IngestError => new IngestError(401, detail);

/** 403: a key was given but is unknown, disabled or belongs to another project. */
export const forbidden = (detail: string): IngestError => new IngestError(403, detail);

/** 413: a limit on body, decompressed body or item size was exceeded. */
export const tooLarge = (detail: string): IngestError => new IngestError(413, detail);

/** 429: the SDK must back off; rounded up so a fractional wait never becomes 0. */
export function rateLimited(retryAfterSeconds: number): IngestError {
  const seconds = Number.isFinite(retryAfterSeconds) ? Math.max(1, Math.ceil(retryAfterSeconds)) : 60;
  return new IngestError(429, `rate limited; retry after ${seconds}s`, { retryAfterSeconds: seconds });
}

function sanitizeDetail(detail: string): string {
  // Anything outside printable ASCII (newlines, control bytes, non-Latin-1) makes Node refuse the
  // header, which would turn a 4xx into a 500.
  const printable = detail.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > MAX_DETAIL_LENGTH ? `${printable.slice(0, MAX_DETAIL_LENGTH - 3)}...` : printable;
}
