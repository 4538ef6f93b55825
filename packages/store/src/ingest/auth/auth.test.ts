import { describe, expect, it } from 'vitest';
import { IngestError } from '../ingest-error';
import { extractPublicKey, parseDsn, parseSentryAuthHeader } from './auth';

const KEY = 'e3b0c44298fc1c149afbf4c8996fb924';
const OTHER = '0123456789abcdef0123456789abcdef';

function failure(fn: () => unknown): IngestError {
  try {
    fn();
  } catch (error) {
    if (error instanceof IngestError) return error;
    throw error;
  }
  throw new Error('expected an IngestError');
}

describe('extractPublicKey', () => {
  it('reads the query string, as @sentry/node sends it', () => {
    const auth = extractPublicKey({
      query: { sentry_version: '7', sentry_key: KEY, sentry_client: 'sentry.javascript.node/11.12.0' },
      headers: {},
    });
    expect(auth).toEqual({ publicKey: KEY, client: 'sentry.javascript.node/11.12.0' });
  });

  it('reads X-Sentry-Auth, ignoring the deprecated secret', () => {
    const header = `Sentry sentry_version=7, sentry_client=sentry-cli/2.40.0, sentry_key=${KEY}, sentry_secret=s3cr3t`;
    expect(extractPublicKey({ query: {}, headers: { 'x-sentry-auth': header } })).toEqual({
      publicKey: KEY,
      client: 'sentry-cli/2.40.0',
    });
  });

  it('reads X-Sentry-Auth regardless of header-name case and without the Sentry prefix', () => {
    const auth = extractPublicKey({
      query: {},
      headers: { 'X-Sentry-Auth': `sentry_key=${KEY},sentry_version=7` },
    });
    expect(auth.publicKey).toBe(KEY);
  });

  it('reads Authorization: Sentry ...', () => {
    const auth = extractPublicKey({ query: {}, headers: { authorization: `Sentry sentry_key=${KEY}` } });
    expect(auth.publicKey).toBe(KEY);
  });

  it('ignores an Authorization header with another scheme', () => {
    const auth = extractPublicKey({
      query: { sentry_key: KEY },
      headers: { authorization: 'Bearer abc.def' },
    });
    expect(auth.publicKey).toBe(KEY);
  });

  it('reads the envelope dsn and returns its project id', () => {
    const auth = extractPublicKey({
      query: {},
      headers: {},
      envelopeDsn: `https://${KEY}@dexter.local:8080/42`,
    });
    expect(auth).toEqual({ publicKey: KEY, projectId: '42' });
  });

  it('accepts the same key from several sources', () => {
    const auth = extractPublicKey({
      query: { sentry_key: [KEY, KEY] },
      headers: { 'x-sentry-auth': `Sentry sentry_key=${KEY}` },
      envelopeDsn: `https://${KEY}@h/7`,
    });
    expect(auth).toEqual({ publicKey: KEY, projectId: '7' });
  });

  it('accepts non-Sentry key shapes within [A-Za-z0-9_-]{1,64}', () => {
    expect(extractPublicKey({ query: { sentry_key: 'dev_key-1' }, headers: {} }).publicKey).toBe('dev_key-1');
  });

  it.each([
    [
      'nothing at all',
      { query: {}, headers: {} },
      'missing authentication: send X-Sentry-Auth, sentry_key or an envelope dsn',
    ],
    ['an empty dsn', { query: {}, headers: {}, envelopeDsn: null }, 'missing authentication'],
    [
      'a Sentry header without a key',
      { query: {}, headers: { 'x-sentry-auth': 'Sentry sentry_version=7' } },
      'X-Sentry-Auth header has no sentry_key',
    ],
    [
      'query and header disagree',
      { query: { sentry_key: KEY }, headers: { 'x-sentry-auth': `Sentry sentry_key=${OTHER}` } },
      'conflicting sentry_key values',
    ],
    [
      'query repeated with two keys',
      { query: { sentry_key: [KEY, OTHER] }, headers: {} },
      'conflicting sentry_key values',
    ],
    [
      'dsn disagrees with query',
      { query: { sentry_key: KEY }, headers: {}, envelopeDsn: `https://${OTHER}@h/1` },
      'conflicting sentry_key values',
    ],
    [
      'a key with forbidden characters',
      { query: { sentry_key: 'abc def' }, headers: {} },
      'invalid sentry_key in sentry_key query parameter',
    ],
    [
      'an empty key',
      { query: { sentry_key: '' }, headers: {} },
      'invalid sentry_key in sentry_key query parameter',
    ],
    ['a key over 64 chars', { query: { sentry_key: 'a'.repeat(65) }, headers: {} }, 'invalid sentry_key'],
    [
      'a dsn that is not a URL',
      { query: {}, headers: {}, envelopeDsn: 'not a dsn' },
      'envelope dsn is not a valid URL',
    ],
    [
      'a dsn without a key',
      { query: {}, headers: {}, envelopeDsn: 'https://h/1' },
      'envelope dsn has no public key',
    ],
  ])('refuses %s with 401', (_name, input, message) => {
    const error = failure(() => extractPublicKey(input));
    expect(error.status).toBe(401);
    expect(error.detail).toContain(message);
  });

  it('never echoes a rejected key', () => {
    expect(
      failure(() => extractPublicKey({ query: { sentry_key: 'leaky key!' }, headers: {} })).detail,
    ).not.toContain('leaky');
  });
});

describe('parseSentryAuthHeader', () => {
  it('splits fields, trims, lowercases names and unquotes values', () => {
    expect(parseSentryAuthHeader('Sentry  sentry_key="abc" ,SENTRY_VERSION=7, junk')).toEqual({
      sentry_key: 'abc',
      sentry_version: '7',
    });
  });

  it('returns null for another scheme only when the scheme is required', () => {
    expect(parseSentryAuthHeader('Basic dXNlcg==', true)).toBeNull();
    expect(parseSentryAuthHeader('sentry_key=abc')).toEqual({ sentry_key: 'abc' });
  });
});

describe('parseDsn', () => {
  it('reads the key and the last path segment as project id, with a path prefix and a secret', () => {
    expect(parseDsn(`https://${KEY}:secret@sentry.example.com/prefix/3`)).toEqual({
      publicKey: KEY,
      projectId: '3',
    });
  });

  it('has no project id when the path is empty', () => {
    expect(parseDsn(`http://${KEY}@localhost:3000`)).toEqual({ publicKey: KEY });
  });
});
