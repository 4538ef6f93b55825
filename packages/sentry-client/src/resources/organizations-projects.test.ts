import { describe, expect, it } from 'vitest';
import memberList from '../test-fixtures/member-list.json';
import organization from '../test-fixtures/organization.json';
import projectKeys from '../test-fixtures/project-keys.json';
import projectList from '../test-fixtures/project-list.json';
import teamList from '../test-fixtures/team-list.json';
import { fakeTransport, queryOf } from '../testing/fake-transport';
import { organizationsResource } from './organizations';
import { projectsResource } from './projects';

describe('organizations', () => {
  it('get fetches one organization by slug', async () => {
    const fake = fakeTransport({ body: organization });
    const org = await organizationsResource(fake.transport).get('the-interstellar-jurisdiction');
    expect(fake.requests[0]).toMatchObject({
      operation: 'organizations.get',
      method: 'GET',
      path: '/api/0/organizations/the-interstellar-jurisdiction/',
    });
    expect(org.slug).toBe(organization.slug);
  });

  it('list pages through the organizations of the token user', async () => {
    const fake = fakeTransport({ body: [organization] });
    const result = await organizationsResource(fake.transport).list({ cursor: '0:100:0' });
    expect(fake.requests[0]).toMatchObject({
      operation: 'organizations.list',
      path: '/api/0/organizations/',
    });
    expect(queryOf(fake.requests[0])).toBe('cursor=0:100:0');
    expect(result.data).toHaveLength(1);
  });
});

describe('members and teams', () => {
  it('members pages through the organization’s members, pending invites included', async () => {
    const fake = fakeTransport({ body: memberList });
    const result = await organizationsResource(fake.transport).members('acme', {
      query: 'email:a@b.c',
      perPage: 50,
    });
    expect(fake.requests[0]).toMatchObject({
      operation: 'organizations.members',
      path: '/api/0/organizations/acme/members/',
    });
    expect(queryOf(fake.requests[0])).toBe('query=email:a@b.c&per_page=50');
    expect(result.data[0]).toMatchObject({
      email: 'sirpenguin@antarcticarocks.com',
      user: { id: '280094367316' },
    });
    expect(result.data[1]).toMatchObject({ pending: true, user: null });
  });

  it('teams lists teams, with detailed=0 to leave projects out', async () => {
    const fake = fakeTransport({ body: teamList });
    const result = await organizationsResource(fake.transport).teams('acme', { detailed: false });
    expect(fake.requests[0]).toMatchObject({
      operation: 'organizations.teams',
      path: '/api/0/organizations/acme/teams/',
    });
    expect(queryOf(fake.requests[0])).toBe('detailed=0');
    expect(result.data.map((team) => team.slug)).toEqual(teamList.map((team) => team.slug));
  });
});

describe('projects', () => {
  it("list fetches an organization's projects", async () => {
    const fake = fakeTransport({ body: projectList });
    const result = await projectsResource(fake.transport).list('acme', { perPage: 100 });
    expect(fake.requests[0]).toMatchObject({
      operation: 'projects.list',
      path: '/api/0/organizations/acme/projects/',
    });
    expect(queryOf(fake.requests[0])).toBe('per_page=100');
    expect(result.data[0]?.slug).toBe(projectList[0]?.slug);
  });

  it("keys fetches a project's client keys under /projects/{org}/{project}/", async () => {
    const fake = fakeTransport({ body: projectKeys });
    const result = await projectsResource(fake.transport).keys('acme', 'web', { status: 'active' });
    expect(fake.requests[0]).toMatchObject({
      operation: 'projects.keys',
      path: '/api/0/projects/acme/web/keys/',
    });
    expect(queryOf(fake.requests[0])).toBe('status=active');
    expect(result.data[0]?.dsn?.public).toContain('ingest.sentry.io');
  });
});
