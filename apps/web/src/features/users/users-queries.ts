/** Accounts for admins: list, create and reset (each answers a one-time password), change role or state. */
import {
  type UserCreate,
  UserListSchema,
  UserSchema,
  type UserUpdate,
  UserWithPasswordSchema,
} from '@dexter/contracts';
import { type QueryClient, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPath } from '../../api/api-path';
import { apiGet, apiPatch, apiPost } from '../../api/http';

export const userKeys = { all: ['users'] as const };

export const usersQueryOptions = () =>
  queryOptions({
    queryKey: userKeys.all,
    queryFn: ({ signal }) => apiGet(apiPath`/users`, UserListSchema, signal),
  });

const invalidateUsers = (queryClient: QueryClient) =>
  queryClient.invalidateQueries({ queryKey: userKeys.all });

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UserCreate) => apiPost(apiPath`/users`, body, UserWithPasswordSchema),
    onSuccess: () => invalidateUsers(queryClient),
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, change }: { id: number; change: UserUpdate }) =>
      apiPatch(apiPath`/users/${String(id)}`, change, UserSchema),
    onSettled: () => invalidateUsers(queryClient),
  });
}

export function useResetPassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) =>
      apiPost(apiPath`/users/${String(id)}/password-reset`, undefined, UserWithPasswordSchema),
    onSuccess: () => invalidateUsers(queryClient),
  });
}
