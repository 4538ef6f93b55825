/** Saved views: the caller's own and everyone's shared ones (`GET …/views`), and saving one. */
import { type SavedViewInput, SavedViewListSchema, SavedViewSchema } from '@dexter/contracts';
import { type QueryClient, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPath } from '../../api/api-path';
import { describeError } from '../../api/describe-error';
import { apiGet, apiPost } from '../../api/http';
import { notify } from '../../lib/notifications';

export const viewKeys = {
  all: ['saved-views'] as const,
  list: (org: string) => [...viewKeys.all, org] as const,
};

export function savedViewsQueryOptions(org: string) {
  return queryOptions({
    queryKey: viewKeys.list(org),
    queryFn: ({ signal }) => apiGet(apiPath`/organizations/${org}/views`, SavedViewListSchema, signal),
  });
}

export function invalidateSavedViews(queryClient: QueryClient, org: string) {
  return queryClient.invalidateQueries({ queryKey: viewKeys.list(org) });
}

export function useSaveView(org: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SavedViewInput) =>
      apiPost(apiPath`/organizations/${org}/views`, input, SavedViewSchema),
    onError: (error) =>
      notify({ color: 'red', title: 'Could not save the view', message: describeError(error).message }),
    onSettled: () => invalidateSavedViews(queryClient, org),
  });
}
