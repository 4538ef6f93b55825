/**
 * Every configured URL goes through the one SSRF guard (issue 23, finding 3). Before the fix the
 * OIDC issuer was not checked at start (an issuer at 127.0.0.1, 169.254.169.254 or 127.0.0.1:22
 * started fine), and openid-client fetched with plain `fetch`, so the token request with the
 * client secret went to whatever address discovery named: both tests below failed.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config/config';
import { createOidc } from './accounts/oidc';
import { openSecurity } from './open-security';
import { createSsrfGuard } from './ssrf-guard';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const configFor = (env: Record<string, string>) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dexter-urls-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  return loadConfig({ DEXTER_DATA_DIR: dataDir, ...env }, '/');
};

async function listen(
  handler: Parameters<typeof createServer>[1],
): Promise<{ server: Server; origin: string }> {
  const server = createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('the OIDC issuer and the SSRF guard', () => {
  it.each(['http://127.0.0.1:8080/realms/x', 'http://169.254.169.254/latest', 'http://127.0.0.1:22/'])(
    'refuses DEXTER_OIDC_ISSUER=%s at start',
    async (issuer) => {
      const config = configFor({
        DEXTER_PUBLIC_URL: 'https://dexter.example.com',
        DEXTER_OIDC_ISSUER: issuer,
        DEXTER_OIDC_CLIENT_ID: 'dexter',
        DEXTER_OIDC_CLIENT_SECRET: 'client-secret',
      });
      const opened = openSecurity(config);
      await expect(opened).rejects.toThrow(ConfigError);
      await expect(openSecurity(config)).rejects.toThrow(/DEXTER_OIDC_ISSUER: .*DEXTER_ALLOW_PRIVATE_URLS/);
    },
  );

  it('sends the token request with the client secret only where the guard allows', async () => {
    const tokenHits: string[] = [];
    const token = await listen((request, response) => {
      tokenHits.push(`${request.method} ${request.url}`);
      response.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_grant"}');
    });
    const idp = await listen((request, response) => {
      if (request.url !== '/.well-known/openid-configuration') return response.writeHead(404).end();
      response.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          issuer: idp.origin,
          authorization_endpoint: `${idp.origin}/authorize`,
          // Discovery names an address the operator never allowed.
          token_endpoint: `${token.origin}/token`,
          jwks_uri: `${idp.origin}/jwks`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
        }),
      );
    });
    const oidc = createOidc({
      config: {
        issuer: idp.origin,
        clientId: 'dexter',
        clientSecret: 'client-secret',
        defaultRole: 'viewer',
        roleClaim: null,
      },
      redirectUri: 'https://dexter.example.com/api/v1/auth/oidc/callback',
      stateKey: randomBytes(32),
      now: Date.now,
      allowHttp: true,
      guard: createSsrfGuard({ allow: [new URL(idp.origin).host] }),
    });

    const { redirectUrl, flowCookie } = await oidc.start();
    const state = new URL(redirectUrl).searchParams.get('state')!;
    const callback = new URL(`https://dexter.example.com/api/v1/auth/oidc/callback?code=abc&state=${state}`);
    const failure: unknown = await oidc.finish(callback, flowCookie).catch((error: unknown) => error);
    // openid-client wraps what its fetch threw: the guard's refusal is the cause.
    expect(failure).toBeInstanceOf(Error);
    expect(String((failure as Error).cause)).toMatch(/UnsafeUrlError: .*resolves to 127\.0\.0\.1/);
    expect(tokenHits).toEqual([]);
  });
});
