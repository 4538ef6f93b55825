import { describe, expect, it } from 'vitest';
import { encodeQuery } from './transport';

describe('encodeQuery', () => {
  it('repeats a key for every array item, as Sentry reads list parameters', () => {
    expect(encodeQuery({ project: [1, '2'], environment: ['prod'] }).toString()).toBe(
      'project=1&project=2&environment=prod',
    );
  });

  it('drops undefined values and empty arrays instead of sending empty filters', () => {
    expect(encodeQuery({ query: undefined, project: [], limit: 25 }).toString()).toBe('limit=25');
  });

  it("keeps an empty string, which Sentry's issue search reads as 'all issues'", () => {
    expect(encodeQuery({ query: '' }).toString()).toBe('query=');
  });

  it('writes booleans and numbers as text and escapes reserved characters', () => {
    expect(encodeQuery({ full: true, query: 'is:unresolved a&b' }).toString()).toBe(
      'full=true&query=is%3Aunresolved+a%26b',
    );
  });

  it('copies URLSearchParams so the caller can not mutate a request after the fact', () => {
    const source = new URLSearchParams('id=1&id=2');
    const encoded = encodeQuery(source);
    source.append('id', '3');
    expect(encoded.getAll('id')).toEqual(['1', '2']);
  });
});
