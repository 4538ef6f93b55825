/** The signed-in user's personal API tokens: list, create (the secret comes back once), revoke. */
import {
  type ApiTokenCreate,
  ApiTokenCreatedSchema,
  ApiTokenListSchema,
  ApiTokenSchema,
} from '@dexter/contracts';
import { type QueryClient, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPath } from '../../api/api-path';
import { apiDelete, apiGet, apiPost } from '../../api/http';

export const tokenKeys = { all: ['tokens'] as const };

export const tokensQueryOptions = () =>
  queryOptions({
    queryKey: tokenKeys.all,
    queryFn: ({ signal }) => apiGet(apiPath`/tokens`, ApiTokenListSchema, signal),
  });

const invalidateTokens = (queryClient: QueryClient) =>
  queryClient.invalidateQueries({ queryKey: tokenKeys.all });

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ApiTokenCreate) => apiPost(apiPath`/tokens`, body, ApiTokenCreatedSchema),
    onSuccess: () => invalidateTokens(queryClient),
  });
}

export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiDelete(apiPath`/tokens/${String(id)}`, ApiTokenSchema),
    onSettled: () => invalidateTokens(queryClient),
  });
}
