/**
 * `/api/0` checks credentials before the body (issue 23, finding 7): a caller without a valid
 * token gets 401 whatever it sends. Before the fix a malformed body was judged first (400), so
 * the two 401 cases below failed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StoreServer, startStoreServer } from '../../testing/store-harness';

let server: StoreServer;
beforeAll(async () => {
  server = await startStoreServer();
});
afterAll(() => server.close());

const badJson = (headers: Record<string, string>) =>
  fetch(`${server.url}/api/0/organizations/${server.org}/issues/?id=1`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...headers },
    body: '{"status": oops',
  });

describe('/api/0 credentials before the body', () => {
  it('answers 401 to a malformed body without credentials', async () => {
    const response = await badJson({});
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ detail: 'Authentication credentials were not provided.' });
  });

  it('answers 401 to a malformed body with an unknown token', async () => {
    const response = await badJson({ authorization: 'Bearer not-a-token' });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ detail: 'Invalid token' });
  });

  it('judges the body only once the token is valid', async () => {
    const response = await badJson({ authorization: `Bearer ${server.token}` });
    expect(response.status).toBe(400);
  });
});
