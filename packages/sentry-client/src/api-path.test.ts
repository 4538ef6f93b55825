import { describe, expect, it } from 'vitest';
import { apiPath } from './api-path';

describe('apiPath', () => {
  it('interpolates plain slugs and numeric ids unchanged', () => {
    expect(apiPath`/api/0/organizations/${'my-org'}/issues/${123}/`).toBe(
      '/api/0/organizations/my-org/issues/123/',
    );
  });

  it('encodes separators so a value stays inside its one segment', () => {
    expect(apiPath`/api/0/organizations/${'a/b?c#d'}/`).toBe('/api/0/organizations/a%2Fb%3Fc%23d/');
    expect(apiPath`/api/0/organizations/${'../../users'}/`).toBe('/api/0/organizations/..%2F..%2Fusers/');
  });

  it('encodes non-ASCII and spaces', () => {
    expect(apiPath`/api/0/organizations/${'café org'}/`).toBe('/api/0/organizations/caf%C3%A9%20org/');
  });

  it.each(['.', '..'])('refuses the dot segment %j', (segment) => {
    expect(() => apiPath`/api/0/organizations/${segment}/issues/`).toThrow(TypeError);
  });

  it('makes a percent-encoded dot inert by encoding its percent sign', () => {
    expect(apiPath`/api/0/organizations/${'%2e%2e'}/`).toBe('/api/0/organizations/%252e%252e/');
  });

  it('refuses an empty segment, which would silently drop a level of the path', () => {
    expect(() => apiPath`/api/0/organizations/${''}/issues/`).toThrow(/empty/);
  });

  it('allows dots inside a segment, as in release versions', () => {
    expect(apiPath`/api/0/releases/${'1.2.3'}/`).toBe('/api/0/releases/1.2.3/');
    expect(apiPath`/api/0/releases/${'...'}/`).toBe('/api/0/releases/.../');
  });
});
