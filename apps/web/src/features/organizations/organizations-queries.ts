/**
 * Reads that frame every page: server meta (which org to open first), the organizations the token
 * can see, and one org's projects (for the project filter). All change rarely, so they stay fresh
 * for minutes instead of the default.
 */
import { MetaSchema, OrganizationListSchema, ProjectListSchema } from '@dexter/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiPath } from '../../api/api-path';
import { apiGet } from '../../api/http';

const FIVE_MINUTES = 5 * 60_000;

export const organizationKeys = {
  meta: ['meta'] as const,
  all: ['organizations'] as const,
  projects: (org: string) => [...organizationKeys.all, org, 'projects'] as const,
};

export function metaQueryOptions() {
  return queryOptions({
    queryKey: organizationKeys.meta,
    queryFn: ({ signal }) => apiGet(apiPath`/meta`, MetaSchema, signal),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function organizationsQueryOptions() {
  return queryOptions({
    queryKey: organizationKeys.all,
    queryFn: ({ signal }) => apiGet(apiPath`/organizations`, OrganizationListSchema, signal),
    staleTime: FIVE_MINUTES,
  });
}

export function projectsQueryOptions(org: string) {
  return queryOptions({
    queryKey: organizationKeys.projects(org),
    queryFn: ({ signal }) => apiGet(apiPath`/organizations/${org}/projects`, ProjectListSchema, signal),
    staleTime: FIVE_MINUTES,
  });
}
