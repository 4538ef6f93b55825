/**
 * The app's QueryClient. A 4xx will not change on retry (bad filter, no access, gone), so only
 * network failures and 5xx are retried, twice; the server already retries Sentry itself.
 */
import { QueryClient } from '@tanstack/react-query';
import { isApiError } from '../api/http';

const MAX_RETRIES = 2;

export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= MAX_RETRIES) return false;
  return !isApiError(error) || error.status === 0 || error.status >= 500;
}

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 30_000, retry: shouldRetry },
      mutations: { retry: false },
    },
  });
}
