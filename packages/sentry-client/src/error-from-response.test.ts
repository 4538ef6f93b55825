import { describe, expect, it } from 'vitest';
import { errorFromResponse } from './error-from-response';
import {
  SentryApiError,
  SentryAuthError,
  SentryInvalidResponseError,
  SentryNotFoundError,
  SentryPermissionError,
  SentryRateLimitError,
  SentryServerError,
  SentryValidationError,
} from './errors';
import type { UpstreamResponse } from './transport';

const context = {
  operation: 'issues.get',
  method: 'GET',
  path: '/api/0/organizations/acme/issues/1/',
} as const;
const NOW = 1_700_000_000_000;

function json(status: number, body: unknown, headers: Record<string, string> = {}): UpstreamResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body };
}

describe('errorFromResponse', () => {
  it('401 is an auth error carrying the DRF detail', () => {
    const error = errorFromResponse(context, json(401, { detail: 'Invalid token' }));
    expect(error).toBeInstanceOf(SentryAuthError);
    expect(error).toMatchObject({
      code: 'DEXTER_ERR_UPSTREAM_AUTH',
      retryable: false,
      status: 401,
      detail: 'Invalid token',
      operation: 'issues.get',
      method: 'GET',
      path: '/api/0/organizations/acme/issues/1/',
    });
    expect(error.message).toContain('Invalid token');
  });

  it('403 is a permission error', () => {
    const error = errorFromResponse(
      context,
      json(403, { detail: 'You do not have permission to perform this action.' }),
    );
    expect(error).toBeInstanceOf(SentryPermissionError);
    expect(error.code).toBe('DEXTER_ERR_UPSTREAM_FORBIDDEN');
  });

  it('404 is a not-found error', () => {
    const error = errorFromResponse(context, json(404, { detail: 'The requested resource does not exist' }));
    expect(error).toBeInstanceOf(SentryNotFoundError);
    expect(error).toMatchObject({ code: 'DEXTER_ERR_UPSTREAM_NOT_FOUND', retryable: false });
  });

  it('400 with DRF serializer errors is a validation error with field errors', () => {
    const error = errorFromResponse(
      context,
      json(400, { status: ['"bogus" is not a valid choice.'], substatus: 'Invalid' }),
    );
    expect(error).toBeInstanceOf(SentryValidationError);
    expect(error).toMatchObject({
      code: 'DEXTER_ERR_UPSTREAM_VALIDATION',
      fieldErrors: { status: ['"bogus" is not a valid choice.'], substatus: ['Invalid'] },
      detail: 'status: "bogus" is not a valid choice.',
    });
  });

  it('400 with a plain detail is a validation error without field errors', () => {
    const error = errorFromResponse(context, json(400, { detail: 'Invalid cursor parameter.' }));
    expect(error).toBeInstanceOf(SentryValidationError);
    expect(error).toMatchObject({ detail: 'Invalid cursor parameter.', fieldErrors: null });
  });

  it('422 is also a validation error', () => {
    expect(errorFromResponse(context, json(422, { detail: 'nope' }))).toBeInstanceOf(SentryValidationError);
  });

  it('429 reads the bare JSON string body and resets at X-Sentry-Rate-Limit-Reset', () => {
    const message =
      'You are attempting to use this endpoint too frequently. Limit is 40 requests in 1 seconds';
    const error = errorFromResponse(
      context,
      json(429, message, {
        'x-sentry-rate-limit-limit': '40',
        'x-sentry-rate-limit-remaining': '0',
        'x-sentry-rate-limit-reset': '1700000003',
      }),
      NOW,
    );
    expect(error).toBeInstanceOf(SentryRateLimitError);
    expect(error).toMatchObject({
      code: 'DEXTER_ERR_UPSTREAM_RATE_LIMITED',
      retryable: true,
      detail: message,
      resetAt: 1_700_000_003_000,
      rateLimit: { limit: 40, remaining: 0, resetAt: 1_700_000_003_000 },
    });
  });

  it('429 falls back to Retry-After seconds relative to the injected clock', () => {
    const error = errorFromResponse(context, json(429, 'slow down', { 'retry-after': '7' }), NOW);
    expect(error).toMatchObject({ resetAt: NOW + 7000 });
  });

  it('429 accepts a Retry-After HTTP date', () => {
    const error = errorFromResponse(
      context,
      json(429, 'slow down', { 'retry-after': 'Tue, 14 Nov 2023 22:13:30 GMT' }),
      NOW,
    );
    expect(error).toMatchObject({ resetAt: Date.UTC(2023, 10, 14, 22, 13, 30) });
  });

  it('429 without any hint has a null resetAt', () => {
    expect(errorFromResponse(context, json(429, 'slow down'), NOW)).toMatchObject({ resetAt: null });
  });

  it('500 is a retryable server error with the Sentry error id kept in the snippet', () => {
    const error = errorFromResponse(context, json(500, { detail: 'Internal Error', errorId: 'abc123' }));
    expect(error).toBeInstanceOf(SentryServerError);
    expect(error).toMatchObject({
      code: 'DEXTER_ERR_UPSTREAM_SERVER',
      retryable: true,
      detail: 'Internal Error',
    });
    expect(error).toHaveProperty('bodySnippet', '{"detail":"Internal Error","errorId":"abc123"}');
  });

  it('502 with an HTML page from the load balancer is a server error summarised by its title', () => {
    const html =
      '<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>';
    const error = errorFromResponse(context, {
      status: 502,
      headers: { 'content-type': 'text/html' },
      body: undefined,
      rawText: html,
    });
    expect(error).toBeInstanceOf(SentryServerError);
    expect(error).toMatchObject({ detail: 'HTML error page: 502 Bad Gateway', bodySnippet: html });
  });

  it('caps the body snippet so a huge error page does not flood the logs', () => {
    const error = errorFromResponse(context, {
      status: 503,
      headers: {},
      body: undefined,
      rawText: `<html>${'x'.repeat(10_000)}</html>`,
    });
    expect(error).toHaveProperty('bodySnippet');
    expect((error as SentryServerError).bodySnippet?.length).toBeLessThanOrEqual(501);
  });

  it('410 brownout of a deprecated endpoint is a plain rejected API error with its message', () => {
    const error = errorFromResponse(context, json(410, { message: 'This API no longer exists.' }));
    expect(error.constructor).toBe(SentryApiError);
    expect(error).toMatchObject({
      code: 'DEXTER_ERR_UPSTREAM_REJECTED',
      detail: 'This API no longer exists.',
    });
  });

  it('a redirect is an invalid response, since the Web API never redirects', () => {
    const error = errorFromResponse(context, {
      status: 302,
      headers: { location: 'https://sso.example.com/login' },
      body: null,
    });
    expect(error).toBeInstanceOf(SentryInvalidResponseError);
    expect(error).toMatchObject({ reason: 'unexpected_status', code: 'DEXTER_ERR_UPSTREAM_BAD_RESPONSE' });
    expect(error.message).toContain('sso.example.com');
  });
});
