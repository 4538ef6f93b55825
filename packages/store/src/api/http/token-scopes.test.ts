import { describe, expect, it } from 'vitest';
import { requiredScopes, scopesAllow, scopesAllowAny } from './token-scopes';

describe('store token scopes', () => {
  it('reads the scope a request needs from its method and path', () => {
    expect(requiredScopes('GET', '/api/0/organizations/')).toEqual(['org:read']);
    expect(requiredScopes('GET', '/api/0/organizations/acme/projects/')).toEqual(['project:read']);
    expect(requiredScopes('GET', '/api/0/projects/acme/web/keys/')).toEqual(['project:read']);
    expect(requiredScopes('GET', '/api/0/organizations/acme/issues/?query=x')).toEqual(['event:read']);
    expect(requiredScopes('PUT', '/api/0/organizations/acme/issues/1/')).toEqual(['event:write']);
    expect(requiredScopes('DELETE', '/api/0/organizations/acme/issues/1/')).toEqual(['event:admin']);
    expect(requiredScopes('POST', '/api/0/organizations/acme/releases/')).toEqual([
      'project:write',
      'project:releases',
      'org:ci',
    ]);
    expect(requiredScopes('POST', '/api/0/organizations/acme/something-new/')).toEqual(['org:write']);
  });

  it('lets admin include write include read within a resource, and nothing across resources', () => {
    expect(scopesAllow(['event:admin'], 'event:read')).toBe(true);
    expect(scopesAllow(['event:write'], 'event:admin')).toBe(false);
    expect(scopesAllow(['org:admin'], 'event:read')).toBe(false);
    expect(scopesAllow(['project:admin'], 'project:releases')).toBe(true);
    expect(scopesAllow(['project:write'], 'project:releases')).toBe(false);
    expect(scopesAllow([''], 'org:read')).toBe(false);
  });

  it('accepts the release scopes Sentry’s spec lists: CI tokens read and write, deletion needs more', () => {
    const read = requiredScopes('GET', '/api/0/organizations/acme/releases/1.0/deploys/');
    const write = requiredScopes('PUT', '/api/0/organizations/acme/releases/1.0/');
    const remove = requiredScopes('DELETE', '/api/0/organizations/acme/releases/1.0/');
    expect(scopesAllowAny(['project:read'], read)).toBe(true);
    expect(scopesAllowAny(['project:releases'], read)).toBe(true);
    expect(scopesAllowAny(['org:read'], read)).toBe(false);
    expect(scopesAllowAny(['project:read'], write)).toBe(false);
    expect(scopesAllowAny(['project:write'], write)).toBe(true);
    expect(scopesAllowAny(['org:ci'], write)).toBe(true);
    expect(scopesAllowAny(['project:write'], remove)).toBe(false);
    expect(scopesAllowAny(['project:releases'], remove)).toBe(true);
  });
  it("lets a CI token list the organization's repositories, as set-commits does first", () => {
    const repos = requiredScopes('GET', '/api/0/organizations/acme/repos/?query=web');
    expect(scopesAllowAny(['org:ci'], repos)).toBe(true);
    expect(scopesAllowAny(['org:read'], repos)).toBe(true);
    expect(scopesAllowAny(['project:releases'], repos)).toBe(false);
    expect(requiredScopes('GET', '/api/0/organizations/acme/projects/')).toEqual(['project:read']);
  });
});
