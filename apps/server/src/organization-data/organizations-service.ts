/**
 * Organizations and projects as the web app needs them. In companion mode the organization list
 * is the configured `SENTRY_ORG` (an org auth token cannot list organizations on sentry.io).
 */
import type { Meta, Organization, Project } from '@dexter/contracts';
import type { SentryClient } from '@dexter/sentry-client';

export interface OrganizationsServiceDeps {
  sentry: Pick<SentryClient, 'organizations' | 'projects'>;
  mode: Meta['mode'];
  defaultOrg: () => string | null;
  version: string;
}

const MAX_PROJECT_PAGES = 20;

export function createOrganizationsService({ sentry, mode, defaultOrg, version }: OrganizationsServiceDeps) {
  return {
    meta(): Meta {
      return { mode, defaultOrg: defaultOrg(), version };
    },

    async list(): Promise<Organization[]> {
      const org = defaultOrg();
      const orgs = org ? [await sentry.organizations.get(org)] : (await sentry.organizations.list()).data;
      return orgs.map((org) => ({
        id: org.id,
        slug: org.slug ?? org.id,
        name: org.name ?? org.slug ?? org.id,
      }));
    },

    async projects(org: string): Promise<Project[]> {
      const projects: Project[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PROJECT_PAGES; page++) {
        const result = await sentry.projects.list(org, { cursor });
        for (const project of result.data) {
          projects.push({
            id: project.id,
            slug: project.slug ?? project.id,
            name: project.name ?? project.slug ?? project.id,
            platform: project.platform ?? null,
            environments: project.environments ?? [],
          });
        }
        if (!result.page.next) break;
        cursor = result.page.next;
      }
      return projects;
    },
  };
}

export type OrganizationsService = ReturnType<typeof createOrganizationsService>;
