/**
 * The built-in store's administration (standalone mode, admins): projects, a project's DSN keys
 * and the store's `/api/0` tokens. One key factory; every mutation refreshes what it changed, and
 * a new project also refreshes the organization's project list (the stream's project filter).
 */
import {
  type StoreKey,
  StoreKeyListSchema,
  StoreKeyRotatedSchema,
  StoreKeySchema,
  type StoreProjectCreate,
  StoreProjectListSchema,
  StoreProjectSchema,
  type StoreScope,
  StoreTokenCreatedSchema,
  StoreTokenListSchema,
  StoreTokenSchema,
} from '@dexter/contracts';
import { type QueryClient, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPath } from '../../api/api-path';
import { apiDelete, apiGet, apiPost } from '../../api/http';
import { organizationKeys } from '../organizations/organizations-queries';

export const storeAdminKeys = {
  all: ['store-admin'] as const,
  projects: ['store-admin', 'projects'] as const,
  projectKeys: (slug: string) => ['store-admin', 'projects', slug, 'keys'] as const,
  tokens: ['store-admin', 'tokens'] as const,
};

export const storeProjectsQueryOptions = () =>
  queryOptions({
    queryKey: storeAdminKeys.projects,
    queryFn: ({ signal }) => apiGet(apiPath`/store/projects`, StoreProjectListSchema, signal),
  });

export const storeProjectKeysQueryOptions = (slug: string) =>
  queryOptions({
    queryKey: storeAdminKeys.projectKeys(slug),
    queryFn: ({ signal }) => apiGet(apiPath`/store/projects/${slug}/keys`, StoreKeyListSchema, signal),
    retry: false,
  });

export const storeTokensQueryOptions = () =>
  queryOptions({
    queryKey: storeAdminKeys.tokens,
    queryFn: ({ signal }) => apiGet(apiPath`/store/tokens`, StoreTokenListSchema, signal),
  });

/** Projects and keys change together (a project's live key count). */
const invalidateProjects = (queryClient: QueryClient) =>
  Promise.all([
    queryClient.invalidateQueries({ queryKey: storeAdminKeys.projects }),
    queryClient.invalidateQueries({ queryKey: organizationKeys.all }),
  ]);

export function useCreateStoreProject() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: StoreProjectCreate) => apiPost(apiPath`/store/projects`, body, StoreProjectSchema),
    onSuccess: () => invalidateProjects(queryClient),
  });
}

export function useRotateStoreKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (key: StoreKey) =>
      apiPost(apiPath`/store/keys/${String(key.id)}/rotate`, {}, StoreKeyRotatedSchema),
    onSettled: () => invalidateProjects(queryClient),
  });
}

export function useRevokeStoreKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (key: StoreKey) => apiDelete(apiPath`/store/keys/${String(key.id)}`, StoreKeySchema),
    onSettled: () => invalidateProjects(queryClient),
  });
}

export function useCreateStoreToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; scopes: StoreScope[] }) =>
      apiPost(apiPath`/store/tokens`, body, StoreTokenCreatedSchema),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: storeAdminKeys.tokens }),
  });
}

export function useRevokeStoreToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiDelete(apiPath`/store/tokens/${String(id)}`, StoreTokenSchema),
    onSettled: () => queryClient.invalidateQueries({ queryKey: storeAdminKeys.tokens }),
  });
}
