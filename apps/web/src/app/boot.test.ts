import type { Boot } from '@dexter/contracts';
import { describe, expect, it } from 'vitest';
import { authKeys } from '../features/auth/auth-queries';
import { organizationKeys } from '../features/organizations/organizations-queries';
import { viewKeys } from '../features/views/views-queries';
import { primeQueryCache, streamOrgOf } from './boot';
import { createQueryClient } from './query-client';

const boot: Boot = {
  user: {
    id: 1,
    username: 'ada',
    displayName: 'Ada',
    email: null,
    role: 'admin',
    mustChangePassword: false,
    authMethod: 'password',
  },
  meta: { mode: 'standalone', defaultOrg: 'dexter', version: '1.0.0' },
  organizations: [{ id: '1', slug: 'dexter', name: 'Dexter' }],
  org: 'dexter',
  projects: [{ id: '1', slug: 'demo', name: 'demo', platform: 'node' }],
  views: [],
};

describe('primeQueryCache', () => {
  it('puts each part under the key its own query reads', () => {
    const client = createQueryClient();
    primeQueryCache(client, boot);
    expect(client.getQueryData(authKeys.session)).toEqual(boot.user);
    expect(client.getQueryData(organizationKeys.meta)).toEqual(boot.meta);
    expect(client.getQueryData(organizationKeys.all)).toEqual({ organizations: boot.organizations });
    expect(client.getQueryData(organizationKeys.projects('dexter'))).toEqual({ projects: boot.projects });
    expect(client.getQueryData(viewKeys.list('dexter'))).toEqual({ views: [] });
  });

  it('leaves parts the boot could not read to their queries, and keeps answers already there', () => {
    const client = createQueryClient();
    client.setQueryData(organizationKeys.meta, { ...boot.meta, version: 'newer' });
    primeQueryCache(client, { ...boot, projects: null, views: null, organizations: null });
    expect(client.getQueryData(organizationKeys.meta)).toMatchObject({ version: 'newer' });
    expect(client.getQueryData(organizationKeys.projects('dexter'))).toBeUndefined();
    expect(client.getQueryData(viewKeys.list('dexter'))).toBeUndefined();
    expect(client.getQueryData(organizationKeys.all)).toBeUndefined();
  });
});

describe('streamOrgOf', () => {
  it('names the org of a stream page only', () => {
    expect(streamOrgOf('/dexter/issues')).toBe('dexter');
    expect(streamOrgOf('/my%20org/issues/')).toBe('my org');
    expect(streamOrgOf('/dexter/issues/42')).toBeNull();
    expect(streamOrgOf('/dexter/releases')).toBeNull();
    expect(streamOrgOf('/')).toBeNull();
    expect(streamOrgOf('/%E0%A4%A/issues')).toBeNull();
  });
});
