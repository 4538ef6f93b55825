/**
 * Sign-in back-off throttles a guesser without locking the owner out (issue 23, finding 7): it is
 * kept per user name and address, and a browser that signed in as the user before is exempt.
 * Before the fix the back-off was per user name alone, so anyone could make the real admin wait
 * up to 15 minutes by failing as `admin` from anywhere: the owner's sign-ins below got 429.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestClient, type TestClient } from '../../testing/test-client';
import { ADMIN_PASSWORD, startTestDexter, type TestDexter } from '../../testing/test-dexter';

let dexter: TestDexter;
beforeAll(async () => {
  // The addresses below come from X-Forwarded-For, as behind a reverse proxy.
  dexter = await startTestDexter({ DEXTER_TRUST_PROXY: 'true' });
});
afterAll(() => dexter.close());

const signInFrom = (client: TestClient, address: string, password: string) =>
  client.request('/api/v1/auth/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ username: 'admin', password }),
  });

async function guess(address: string, times: number): Promise<number[]> {
  const guesser = createTestClient(dexter.listenUrl);
  const statuses: number[] = [];
  for (let i = 0; i < times; i++)
    statuses.push((await signInFrom(guesser, address, `guess ${i} wrong`)).status);
  return statuses;
}

describe('sign-in back-off', () => {
  it('makes a guesser wait without making the owner elsewhere wait', async () => {
    const statuses = await guess('203.0.113.9', 5);
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.at(-1)).toBe(429);

    const owner = createTestClient(dexter.listenUrl);
    expect((await signInFrom(owner, '198.51.100.7', ADMIN_PASSWORD)).status).toBe(200);
  });

  it("exempts the owner's known browser even behind the guesser's own address", async () => {
    const owner = createTestClient(dexter.listenUrl);
    expect((await signInFrom(owner, '192.0.2.44', ADMIN_PASSWORD)).status).toBe(200);
    expect(owner.cookies.has('dexter_known')).toBe(true);

    expect((await guess('192.0.2.44', 5)).at(-1)).toBe(429);
    const stranger = createTestClient(dexter.listenUrl);
    expect((await signInFrom(stranger, '192.0.2.44', ADMIN_PASSWORD)).status).toBe(429);
    expect((await signInFrom(owner, '192.0.2.44', ADMIN_PASSWORD)).status).toBe(200);
  });
});
