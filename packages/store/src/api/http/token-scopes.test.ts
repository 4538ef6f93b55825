import { describe, expect, it } from 'vitest';
import { requiredScope, scopesAllow } from './token-scopes';

describe('store token scopes', () => {
  it('reads the scope a request needs from its method and path', () => {
    expect(requiredScope('GET', '/api/0/organizations/')).toBe('org:read');
    expect(requiredScope('GET', '/api/0/organizations/acme/projects/')).toBe('project:read');
    expect(requiredScope('GET', '/api/0/projects/acme/web/keys/')).toBe('project:read');
    expect(requiredScope('GET', '/api/0/organizations/acme/issues/?query=x')).toBe('event:read');
    expect(requiredScope('PUT', '/api/0/organizations/acme/issues/1/')).toBe('event:write');
    expect(requiredScope('DELETE', '/api/0/organizations/acme/issues/1/')).toBe('event:admin');
    expect(requiredScope('POST', '/api/0/organizations/acme/releases/')).toBe('project:releases');
    expect(requiredScope('POST', '/api/0/organizations/acme/something-new/')).toBe('org:write');
  });

  it('lets admin include write include read within a resource, and nothing across resources', () => {
    expect(scopesAllow(['event:admin'], 'event:read')).toBe(true);
    expect(scopesAllow(['event:write'], 'event:admin')).toBe(false);
    expect(scopesAllow(['org:admin'], 'event:read')).toBe(false);
    expect(scopesAllow(['project:admin'], 'project:releases')).toBe(true);
    expect(scopesAllow(['project:write'], 'project:releases')).toBe(false);
    expect(scopesAllow([''], 'org:read')).toBe(false);
  });
});
