/** Saved views: the caller's own and everyone's shared ones (`GET …/views`), and saving one. */
import { type SavedViewInput, SavedViewListSchema, SavedViewSchema } from '@dexter/contracts';
import { notifications } from '@mantine/notifications';
import { type QueryClient, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPath } from '../../api/api-path';
import { apiGet, apiPost } from '../../api/http';
import { errorNotification } from '../../lib/error-notification';

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
    onError: (error) => notifications.show(errorNotification('Could not save the view', error)),
    onSettled: () => invalidateSavedViews(queryClient, org),
  });
}
