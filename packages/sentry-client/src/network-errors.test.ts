import { errors as undiciErrors } from 'undici';
import { describe, expect, it } from 'vitest';
import { SentryNetworkError } from './errors';
import { networkErrorFrom } from './network-errors';

const context = {
  operation: 'issues.list',
  method: 'GET',
  path: '/api/0/organizations/acme/issues/',
} as const;

function errno(code: string): Error {
  return Object.assign(new Error(`connect ${code}`), { code });
}

describe('networkErrorFrom', () => {
  it.each([
    [new undiciErrors.ConnectTimeoutError(), 'timeout', 'DEXTER_ERR_UPSTREAM_TIMEOUT'],
    [new undiciErrors.HeadersTimeoutError(), 'timeout', 'DEXTER_ERR_UPSTREAM_TIMEOUT'],
    [new undiciErrors.BodyTimeoutError(), 'timeout', 'DEXTER_ERR_UPSTREAM_TIMEOUT'],
    [new undiciErrors.SocketError('other side closed'), 'reset', 'DEXTER_ERR_UPSTREAM_NETWORK'],
    [errno('ECONNREFUSED'), 'connect', 'DEXTER_ERR_UPSTREAM_NETWORK'],
    [errno('ECONNRESET'), 'reset', 'DEXTER_ERR_UPSTREAM_NETWORK'],
    [errno('ENOTFOUND'), 'dns', 'DEXTER_ERR_UPSTREAM_NETWORK'],
    [errno('EWHATEVER'), 'other', 'DEXTER_ERR_UPSTREAM_NETWORK'],
  ] as const)('classifies %s as %s', (cause, kind, code) => {
    const error = networkErrorFrom(cause, context);
    expect(error).toBeInstanceOf(SentryNetworkError);
    expect(error).toMatchObject({ kind, code, retryable: true, operation: 'issues.list' });
    expect(error.cause).toBe(cause);
  });

  it('finds the errno on a wrapped cause', () => {
    const wrapped = new TypeError('fetch failed', { cause: errno('ENOTFOUND') });
    expect(networkErrorFrom(wrapped, context)).toMatchObject({ kind: 'dns', causeCode: 'ENOTFOUND' });
  });

  it('finds the errno inside a happy-eyeballs AggregateError', () => {
    const aggregate = new AggregateError([errno('ECONNREFUSED'), errno('ECONNREFUSED')], 'connect failed');
    expect(networkErrorFrom(aggregate, context)).toMatchObject({
      kind: 'connect',
      causeCode: 'ECONNREFUSED',
    });
  });

  it('treats an error without a code as kind other', () => {
    expect(networkErrorFrom(new Error('mystery'), context)).toMatchObject({ kind: 'other', causeCode: null });
  });
});
