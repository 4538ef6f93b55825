import { describe, expect, it } from 'vitest';
import organization from '../test-fixtures/organization.json';
import projectKeys from '../test-fixtures/project-keys.json';
import projectList from '../test-fixtures/project-list.json';
import { OrganizationSchema } from './organization';
import { ProjectKeySchema, ProjectSchema } from './project';

describe('OrganizationSchema', () => {
  it("parses Sentry's documented example", () => {
    expect(OrganizationSchema.parse(organization)).toMatchObject({
      id: String(organization.id),
      slug: organization.slug,
    });
  });

  it('accepts a self-hosted organization without links or features', () => {
    expect(OrganizationSchema.parse({ id: 1, slug: 'sentry' })).toEqual({ id: '1', slug: 'sentry' });
  });

  it('refuses an organization without a slug, since Dexter addresses orgs by slug', () => {
    expect(OrganizationSchema.safeParse({ id: '1', name: 'No slug' }).success).toBe(false);
  });
});

describe('ProjectSchema', () => {
  it("parses Sentry's documented list example", () => {
    const projects = ProjectSchema.array().parse(projectList);
    expect(projects[0]).toMatchObject({ id: String(projectList[0]?.id), slug: projectList[0]?.slug });
  });

  it('accepts a minimal project with a numeric id', () => {
    expect(ProjectSchema.parse({ id: 5, slug: 'web', team: null })).toEqual({
      id: '5',
      slug: 'web',
      team: null,
    });
  });
});

describe('ProjectKeySchema', () => {
  it("parses Sentry's documented example and reads the integer projectId as a string", () => {
    const [key] = ProjectKeySchema.array().parse(projectKeys);
    expect(key?.projectId).toBe('4505281256090153');
    expect(key?.dsn?.public).toMatch(/^https:\/\/.+@.+\/4505281256090/);
  });

  it('accepts a key whose dsn lacks the newer endpoints', () => {
    const key = ProjectKeySchema.parse({ id: 'abc', dsn: { public: 'https://abc@localhost/1' } });
    expect(key.dsn).toEqual({ public: 'https://abc@localhost/1' });
  });
});
