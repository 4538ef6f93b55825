import { describe, expect, it } from 'vitest';
import {
  forbidden,
  IngestError,
  isIngestError,
  malformed,
  rateLimited,
  tooLarge,
  unauthorized,
} from './ingest-error';

describe('IngestError factories', () => {
  it.each([
    [malformed('bad'), 400],
    [unauthorized('who'), 401],
    [forbidden('no'), 403],
    [tooLarge('big'), 413],
    [rateLimited(5), 429],
  ])('map each failure to its HTTP status (%#)', (error, status) => {
    expect(error).toBeInstanceOf(IngestError);
    expect(isIngestError(error)).toBe(true);
    expect(error.status).toBe(status);
  });

  it('keeps the detail as the message so logs and the X-Sentry-Error header agree', () => {
    const error = malformed('envelope header missing');
    expect(error.detail).toBe('envelope header missing');
    expect(error.message).toBe('envelope header missing');
  });

  it('makes the detail header-safe: control and non-ASCII characters are replaced', () => {
    const error = malformed('bad\r\nX-Injected: 1 – é');
    expect(error.detail).toBe('bad??X-Injected: 1 ? ?');
    expect(error.detail).toMatch(/^[\x20-\x7e]*$/);
  });

  it('caps the detail length', () => {
    expect(malformed('x'.repeat(5000)).detail.length).toBe(300);
  });

  it('rounds a rate-limit wait up to whole seconds and never to zero', () => {
    expect(rateLimited(2.1).retryAfterSeconds).toBe(3);
    expect(rateLimited(0).retryAfterSeconds).toBe(1);
    expect(rateLimited(Number.NaN).retryAfterSeconds).toBe(60);
    expect(rateLimited(7).detail).toContain('7s');
  });

  it('keeps the underlying error as cause', () => {
    const cause = new Error('zlib said no');
    expect(malformed('invalid gzip body', cause).cause).toBe(cause);
  });

  it('is not confused with other errors', () => {
    expect(isIngestError(new Error('x'))).toBe(false);
  });
});
