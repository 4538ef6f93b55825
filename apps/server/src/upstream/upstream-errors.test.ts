import { describe, expect, it } from 'vitest';
import { DexterError } from '../errors/error-codes';
import { UpstreamUnavailableError } from './upstream-errors';

describe('UpstreamUnavailableError', () => {
  const error = new UpstreamUnavailableError({
    host: 'https://sentry.internal.example:9000',
    operation: 'issues.update',
    method: 'PUT',
    path: '/api/0/organizations/acme/issues/1/',
  });

  it('is a non-retryable DexterError the error handler renders as a 503', () => {
    expect(error).toBeInstanceOf(DexterError);
    expect(error).toMatchObject({ code: 'DEXTER_ERR_UPSTREAM_UNAVAILABLE', retryable: false, status: 503 });
    expect(error).toMatchObject({ operation: 'issues.update', method: 'PUT' });
  });

  it('keeps the host for logs but out of the message users see', () => {
    expect(error.host).toBe('https://sentry.internal.example:9000');
    expect(error.message).not.toContain('sentry.internal.example');
    expect(error.message).toContain('issues.update');
  });
});
