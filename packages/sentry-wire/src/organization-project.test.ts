import { describe, expect, it } from 'vitest';
import { OrganizationSchema } from './organization';
import { ProjectKeySchema, ProjectSchema } from './project';

describe('OrganizationSchema', () => {
  it('accepts a self-hosted organization without links or features', () => {
    expect(OrganizationSchema.parse({ id: 1, slug: 'sentry' })).toEqual({ id: '1', slug: 'sentry' });
  });

  it('refuses an organization without a slug, since Dexter addresses orgs by slug', () => {
    expect(OrganizationSchema.safeParse({ id: '1', name: 'No slug' }).success).toBe(false);
  });
});

describe('ProjectSchema', () => {
  it('accepts a minimal project with a numeric id', () => {
    expect(ProjectSchema.parse({ id: 5, slug: 'web', team: null })).toEqual({
      id: '5',
      slug: 'web',
      team: null,
    });
  });
});

describe('ProjectKeySchema', () => {
  it('accepts a key whose dsn lacks the newer endpoints', () => {
    const key = ProjectKeySchema.parse({ id: 'abc', dsn: { public: 'https://abc@localhost/1' } });
    expect(key.dsn).toEqual({ public: 'https://abc@localhost/1' });
  });
});
