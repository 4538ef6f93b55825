import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/http';
import { authKeys } from '../features/auth/auth-queries';
import { createQueryClient } from './query-client';

const signedIn = {
  id: 1,
  username: 'ada',
  displayName: 'Ada',
  email: null,
  role: 'admin',
  mustChangePassword: false,
  authMethod: 'password',
};
const apiError = (status: number, code: string) =>
  new ApiError({ status, code, message: code, requestId: null });

describe('createQueryClient', () => {
  it('forgets the session when any call answers "not signed in"', async () => {
    const client = createQueryClient();
    client.setQueryData(authKeys.session, signedIn);
    await client
      .fetchQuery({
        queryKey: ['x'],
        queryFn: () => Promise.reject(apiError(401, 'DEXTER_ERR_UNAUTHENTICATED')),
        retry: false,
      })
      .catch(() => {});
    expect(client.getQueryData(authKeys.session)).toBeNull();
  });

  it('keeps the session on other 401s (a wrong current password) and on other errors', async () => {
    const client = createQueryClient();
    client.setQueryData(authKeys.session, signedIn);
    const failing = client
      .getMutationCache()
      .build(client, { mutationFn: () => Promise.reject(apiError(401, 'DEXTER_ERR_INVALID_CREDENTIALS')) });
    await failing.execute(undefined).catch(() => {});
    await client
      .fetchQuery({
        queryKey: ['y'],
        queryFn: () => Promise.reject(apiError(500, 'DEXTER_ERR_INTERNAL')),
        retry: false,
      })
      .catch(() => {});
    expect(client.getQueryData(authKeys.session)).toEqual(signedIn);
  });
});
