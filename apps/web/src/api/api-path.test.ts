import { describe, expect, it } from 'vitest';
import { apiPath, withQuery } from './api-path';

describe('apiPath', () => {
  it('prefixes /api/v1 and encodes each interpolated segment', () => {
    expect(apiPath`/organizations/${'acme co'}/issues/${'a/b?c'}`).toBe(
      '/api/v1/organizations/acme%20co/issues/a%2Fb%3Fc',
    );
  });

  it.each(['', '.', '..'])('rejects the segment %j', (segment) => {
    expect(() => apiPath`/organizations/${segment}/issues`).toThrow(/invalid path segment/);
  });
});

describe('withQuery', () => {
  it('repeats array keys and leaves out null and undefined', () => {
    expect(withQuery('/x', { query: 'is:unresolved level:error', project: ['1', '2'], cursor: null })).toBe(
      '/x?query=is%3Aunresolved+level%3Aerror&project=1&project=2',
    );
  });

  it('keeps an explicit empty string', () => {
    expect(withQuery('/x', { query: '' })).toBe('/x?query=');
  });

  it('returns the bare path when nothing is left', () => {
    expect(withQuery('/x', { cursor: undefined, project: [] })).toBe('/x');
  });
});
