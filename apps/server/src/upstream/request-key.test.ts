import { describe, expect, it } from 'vitest';
import { type KeyedRequest, requestKey } from './request-key';

const base: KeyedRequest = {
  operation: 'issues.list',
  method: 'GET',
  path: '/api/0/organizations/acme/issues/',
};

describe('requestKey', () => {
  it('is the same whatever order the parameters were given in', () => {
    const a = requestKey({ ...base, query: { query: 'is:unresolved', sort: 'date', limit: 25 } }, 'id');
    const b = requestKey({ ...base, query: { limit: 25, sort: 'date', query: 'is:unresolved' } }, 'id');
    const c = requestKey(
      { ...base, query: new URLSearchParams('sort=date&limit=25&query=is%3Aunresolved') },
      'id',
    );
    expect(b).toBe(a);
    expect(c).toBe(a);
  });

  it('gives one request object the key of the identity it is keyed under, each time', () => {
    const req: KeyedRequest = { ...base, query: { sort: 'date' } };
    const first = requestKey(req, 'sentry-a');
    const other = requestKey(req, 'sentry-b');
    expect(other).not.toBe(first);
    expect(requestKey(req, 'sentry-a')).toBe(first);
    expect(requestKey({ ...req }, 'sentry-a')).toBe(first);
  });

  it('keeps the order of the values of a repeated parameter', () => {
    const ab = requestKey({ ...base, query: { field: ['title', 'count()'] } }, 'id');
    const ba = requestKey({ ...base, query: { field: ['count()', 'title'] } }, 'id');
    expect(ab).not.toBe(ba);
  });

  it('keeps repeated values together when other parameters are interleaved', () => {
    const grouped = requestKey(
      { ...base, query: new URLSearchParams('project=1&sort=date&project=2') },
      'id',
    );
    const apart = requestKey({ ...base, query: new URLSearchParams('sort=date&project=1&project=2') }, 'id');
    const swapped = requestKey(
      { ...base, query: new URLSearchParams('project=2&sort=date&project=1') },
      'id',
    );
    expect(apart).toBe(grouped);
    expect(swapped).not.toBe(grouped);
  });

  it('treats an unset parameter like an absent one, as the wire does', () => {
    expect(requestKey({ ...base, query: { cursor: undefined, project: [] } }, 'id')).toBe(
      requestKey(base, 'id'),
    );
  });

  it('differs by identity, operation, path and parameter values', () => {
    const key = requestKey({ ...base, query: { limit: 25 } }, 'https://sentry.io#abc');
    expect(requestKey({ ...base, query: { limit: 25 } }, 'https://sentry.io#def')).not.toBe(key);
    expect(
      requestKey({ ...base, operation: 'issues.other', query: { limit: 25 } }, 'https://sentry.io#abc'),
    ).not.toBe(key);
    expect(
      requestKey(
        { ...base, path: '/api/0/organizations/other/issues/', query: { limit: 25 } },
        'https://sentry.io#abc',
      ),
    ).not.toBe(key);
    expect(requestKey({ ...base, query: { limit: 26 } }, 'https://sentry.io#abc')).not.toBe(key);
  });

  it('does not let a value smuggle a second parameter into the key', () => {
    expect(requestKey({ ...base, query: { a: '1&b=2' } }, 'id')).not.toBe(
      requestKey({ ...base, query: { a: '1', b: '2' } }, 'id'),
    );
  });

  it('names the operation in clear and never the identity', () => {
    const key = requestKey(base, 'https://sentry.example#secret-token-hash');
    expect(key).toMatch(/^dexter:req:issues\.list:[0-9a-f]{64}$/);
    expect(key).not.toContain('sentry.example');
  });
});
