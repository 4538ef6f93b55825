/**
 * The app's QueryClient. A 4xx will not change on retry (bad filter, no access, gone), so only
 * network failures and 5xx are retried, twice; the server already retries Sentry itself.
 */
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from '../api/http';
import { authKeys, forgetSession } from '../features/auth/auth-queries';

const MAX_RETRIES = 2;

export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= MAX_RETRIES) return false;
  return !isApiError(error) || error.status === 0 || error.status >= 500;
}

/**
 * Any call answered "not signed in" means the session ended (expired, signed out elsewhere): the
 * session is forgotten and the route guard sends the user to the sign-in page. A pending password
 * change re-reads the session, whose flag sends the user to the change page.
 */
function onApiError(queryClient: QueryClient, error: unknown) {
  if (!isApiError(error)) return;
  if (error.code === 'DEXTER_ERR_UNAUTHENTICATED') forgetSession(queryClient);
  if (error.code === 'DEXTER_ERR_PASSWORD_CHANGE_REQUIRED')
    void queryClient.invalidateQueries({ queryKey: authKeys.session });
}

export function createQueryClient() {
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: (error) => onApiError(queryClient, error) }),
    mutationCache: new MutationCache({ onError: (error) => onApiError(queryClient, error) }),
    defaultOptions: {
      queries: { staleTime: 30_000, retry: shouldRetry },
      mutations: { retry: false },
    },
  });
  return queryClient;
}
