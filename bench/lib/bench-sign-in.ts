/**
 * Signs a bench in to a fresh Dexter as its first-run admin, the way a person would: sign-in,
 * the required password change, then a personal API token for scripted calls. Answers the signed-
 * in client (its cookie jar holds the session and CSRF cookies) and the token's secret.
 */
import { z } from 'zod';
import { createTestClient, type TestClient } from '../../apps/server/src/testing/test-client';

const TokenCreatedSchema = z.object({ secret: z.string() });

async function expectOk(what: string, response: Response): Promise<Response> {
  if (!response.ok) throw new Error(`${what} answered ${response.status}: ${await response.text()}`);
  return response;
}

export async function signInAsFirstAdmin(
  url: string,
  admin: { username: string; password: string },
  tokenName: string,
): Promise<{ client: TestClient; apiToken: string }> {
  const client = createTestClient(url);
  await expectOk('sign-in', await client.signIn(admin.username, admin.password));
  await expectOk('password change', await client.changePassword(admin.password, `${admin.password}-bench`));
  const created = await expectOk(
    'token creation',
    await client.request('/api/v1/tokens', {
      method: 'POST',
      body: JSON.stringify({ name: tokenName, role: 'admin', expiresInDays: 1 }),
    }),
  );
  return { client, apiToken: TokenCreatedSchema.parse(await created.json()).secret };
}
