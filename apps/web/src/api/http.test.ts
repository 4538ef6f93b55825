import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { describeError, errorReference } from './describe-error';
import { ApiError, apiDelete, apiGet, apiPut } from './http';

function answer(status: number, body: string, headers: Record<string, string> = {}) {
  const fetchMock = vi.fn(async () => new Response(body, { status, headers }));
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

async function caught(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

/** A lenient response schema (unknown keys stripped), as the read contracts are; `IssueUpdateSchema` is strict. */
const IssueUpdateSchema = z.object({ status: z.enum(['unresolved', 'resolved', 'ignored']) });

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('apiRequest', () => {
  it('returns the body parsed by the contract schema', async () => {
    answer(200, JSON.stringify({ status: 'resolved', extra: 1 }));
    await expect(apiGet('/api/v1/x', IssueUpdateSchema)).resolves.toEqual({ status: 'resolved' });
  });

  it('sends JSON bodies with a content type', async () => {
    const fetchMock = answer(200, JSON.stringify({ status: 'resolved' }));
    await apiPut('/api/v1/x', { status: 'resolved' }, IssueUpdateSchema);
    expect(fetchMock).toHaveBeenCalledWith(
      '/api/v1/x',
      expect.objectContaining({
        method: 'PUT',
        body: '{"status":"resolved"}',
        headers: expect.objectContaining({ 'content-type': 'application/json' }),
      }),
    );
  });

  it('echoes the CSRF cookie on state-changing requests only', async () => {
    vi.stubGlobal('document', { cookie: 'theme=dark; dexter_csrf=tok%2Ben; other=1' });
    const fetchMock = answer(200, JSON.stringify({ status: 'resolved' }));
    await apiDelete('/api/v1/x', IssueUpdateSchema);
    await apiGet('/api/v1/x', IssueUpdateSchema);
    const headersOf = (call: number) =>
      (fetchMock.mock.calls[call] as unknown as [string, { headers: Record<string, string> }])[1].headers;
    expect(headersOf(0)['x-csrf-token']).toBe('tok+en');
    expect(headersOf(1)['x-csrf-token']).toBeUndefined();
  });

  it('turns an error envelope into an ApiError with its code, message and request id', async () => {
    answer(
      404,
      JSON.stringify({ error: { code: 'DEXTER_ERR_NOT_FOUND', message: 'No issue 7', requestId: 'r1' } }),
    );
    const error = await caught(apiGet('/api/v1/x', IssueUpdateSchema));
    expect(error).toMatchObject({
      status: 404,
      code: 'DEXTER_ERR_NOT_FOUND',
      message: 'No issue 7',
      requestId: 'r1',
    });
  });

  it('reports a non-JSON error page as an unexpected response, keeping the request id header', async () => {
    answer(502, '<html>Bad gateway</html>', { 'x-request-id': 'r2' });
    const error = await caught(apiGet('/api/v1/x', IssueUpdateSchema));
    expect(error).toMatchObject({ status: 502, code: 'WEB_UNEXPECTED_RESPONSE', requestId: 'r2' });
  });

  it('reports a body that breaks the contract instead of passing it on', async () => {
    answer(200, JSON.stringify({ status: 'deleted' }));
    const error = await caught(apiGet('/api/v1/x', IssueUpdateSchema));
    expect(error.code).toBe('WEB_CONTRACT_MISMATCH');
    expect(error.message).toContain('status');
  });

  it('reports a network failure with status 0', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    const error = await caught(apiGet('/api/v1/x', IssueUpdateSchema));
    expect(error).toMatchObject({ status: 0, code: 'WEB_NETWORK_ERROR', requestId: null });
  });

  it('re-throws an abort untouched so cancellation is not shown as a failure', async () => {
    const controller = new AbortController();
    controller.abort();
    const abort = new DOMException('aborted', 'AbortError');
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(abort)),
    );
    await expect(apiGet('/api/v1/x', IssueUpdateSchema, controller.signal)).rejects.toBe(abort);
  });
});

describe('describeError', () => {
  it('adds a hint chosen by status to the server message', () => {
    const error = new ApiError({
      status: 403,
      code: 'DEXTER_ERR_FORBIDDEN',
      message: 'No.',
      requestId: 'r3',
    });
    expect(describeError(error)).toEqual({
      message: 'No.',
      hint: 'Your role, or the token Dexter reaches its issues with, does not allow this action.',
      code: 'DEXTER_ERR_FORBIDDEN',
      requestId: 'r3',
      retryable: false,
    });
  });

  it.each([
    [0, true],
    [404, false],
    [429, true],
    [503, true],
  ])('marks status %i as retryable: %s', (status, retryable) => {
    const error = new ApiError({ status, code: 'X', message: 'm', requestId: null });
    expect(describeError(error).retryable).toBe(retryable);
  });

  it('keeps the message of any other error', () => {
    expect(describeError(new Error('boom'))).toEqual({
      message: 'boom',
      hint: null,
      code: null,
      requestId: null,
      retryable: true,
    });
  });
});

describe('errorReference', () => {
  it('joins the code and request id a user can quote', () => {
    expect(errorReference({ code: 'DEXTER_ERR_X', requestId: 'r4' })).toBe('DEXTER_ERR_X · request r4');
  });

  it('is null when there is nothing to quote', () => {
    expect(errorReference({ code: null, requestId: null })).toBeNull();
  });
});
