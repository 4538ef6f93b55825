/** Saving, renaming and deleting Discover queries (`…/discover/saved`); the list is in `lib/saved-queries-api.ts`. */
import { type SavedQueryInput, SavedQuerySchema } from '@dexter/contracts';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { apiPath } from '../../api/api-path';
import { apiDelete, apiPost, apiPut } from '../../api/http';
import { errorNotification } from '../../lib/error-notification';
import { savedQueryKeys } from '../../lib/saved-queries-api';

function useSavedQueriesMutation<V, R>(org: string, failure: string, call: (vars: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onError: (error) => notifications.show(errorNotification(failure, error)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: savedQueryKeys.list(org) }),
  });
}

export const useSaveQuery = (org: string) =>
  useSavedQueriesMutation(org, 'Could not save the query', (input: SavedQueryInput) =>
    apiPost(apiPath`/organizations/${org}/discover/saved`, input, SavedQuerySchema),
  );

export const useUpdateSavedQuery = (org: string) =>
  useSavedQueriesMutation(
    org,
    'Could not change the saved query',
    ({ id, ...update }: { id: number; name?: string; query?: string; shared?: boolean }) =>
      apiPut(apiPath`/organizations/${org}/discover/saved/${String(id)}`, update, SavedQuerySchema),
  );

export const useDeleteSavedQuery = (org: string) =>
  useSavedQueriesMutation(org, 'Could not delete the saved query', (id: number) =>
    apiDelete(apiPath`/organizations/${org}/discover/saved/${String(id)}`, z.unknown()),
  );
