/**
 * Who is signed in, what the sign-in page offers, and the mutations that change it. The session
 * query answers `null` when nobody is signed in (a 401 is an answer here, not a failure), so route
 * guards read one value; every sign-in, password change and sign-out writes that value directly.
 */
import { AuthConfigSchema, SessionSchema, type SessionUser } from '@dexter/contracts';
import { type QueryClient, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { z } from 'zod';
import { apiPath } from '../../api/api-path';
import { apiGet, apiPost, isApiError } from '../../api/http';

export const authKeys = {
  session: ['auth', 'session'] as const,
  config: ['auth', 'config'] as const,
};

export function sessionQueryOptions() {
  return queryOptions({
    queryKey: authKeys.session,
    queryFn: async ({ signal }): Promise<SessionUser | null> => {
      try {
        return (await apiGet(apiPath`/auth/session`, SessionSchema, signal)).user;
      } catch (error) {
        if (isApiError(error) && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

export function authConfigQueryOptions() {
  return queryOptions({
    queryKey: authKeys.config,
    queryFn: ({ signal }) => apiGet(apiPath`/auth/config`, AuthConfigSchema, signal),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** After the session ended elsewhere (401 on any call): forget it, so the guard sends the user to sign in. */
export function forgetSession(queryClient: QueryClient) {
  queryClient.setQueryData(authKeys.session, null);
}

/** A new session (sign-in, password change) or none (sign-out): drop every cached answer of the old one. */
function replaceSession(queryClient: QueryClient, user: SessionUser | null) {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'auth' });
  queryClient.setQueryData(authKeys.session, user);
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { username: string; password: string }) =>
      apiPost(apiPath`/auth/sign-in`, body, SessionSchema),
    onSuccess: ({ user }) => replaceSession(queryClient, user),
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      apiPost(apiPath`/auth/password`, body, SessionSchema),
    onSuccess: ({ user }) => replaceSession(queryClient, user),
  });
}

/** Ends the session (or every session of the user) and goes to the sign-in page, whatever the answer. */
export function useSignOut(everywhere: boolean) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () =>
      everywhere
        ? apiPost(apiPath`/auth/sign-out-everywhere`, undefined, z.object({ sessionsEnded: z.number() }))
        : apiPost(apiPath`/auth/sign-out`, undefined, z.undefined()),
    onSettled: () => {
      // Leave first: with the session gone, the route guard would add a `?next=` back to this page.
      navigate('/sign-in', { replace: true });
      replaceSession(queryClient, null);
    },
  });
}
