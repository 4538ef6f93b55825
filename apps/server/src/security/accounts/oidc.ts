/**
 * Optional single sign-on through any OpenID Connect provider, with openid-client: authorization
 * code flow with PKCE, state and nonce. The short-lived flow state (verifier, state, nonce, where
 * to return) travels in an encrypted, httpOnly cookie, so nothing is stored server-side before the
 * user comes back. Discovery runs on first use and is retried after a failure.
 *
 * Invariants: an OIDC identity is matched by issuer + subject only, never by e-mail or user name,
 * so an IdP account cannot take over a local account that happens to share its name; the role
 * claim, when configured, can only name one of Dexter's roles; every request to the provider
 * (discovery, keys, the token request with the client secret) goes through the SSRF guard, so an
 * issuer or a discovered endpoint at a private address is refused like any configured URL.
 */
import type { Role } from '@dexter/contracts';
import * as client from 'openid-client';
import type { OidcConfig } from '../../config/config';
import { open, seal } from '../secret-box';
import type { SsrfGuard } from '../ssrf-guard';

const FLOW_TTL_MS = 10 * 60_000;
const FLOW_AAD = 'oidc-flow';

export interface OidcIdentity {
  subject: string;
  username: string;
  displayName: string;
  email: string | null;
  role: Role | null;
}

interface Flow {
  verifier: string;
  state: string;
  nonce: string;
  expiresAt: number;
}

export interface OidcDeps {
  config: OidcConfig;
  redirectUri: string;
  stateKey: Buffer;
  now: () => number;
  /** Development and tests only: talk to an issuer over plain http. */
  allowHttp: boolean;
  guard: Pick<SsrfGuard, 'fetch'>;
}

/** openid-client's fetch, answered through the SSRF guard (which never follows its redirects here). */
function guardedFetch(guard: Pick<SsrfGuard, 'fetch'>): client.CustomFetch {
  return async (url, options) => {
    const body = options.body;
    if (
      body !== undefined &&
      body !== null &&
      typeof body !== 'string' &&
      !(body instanceof URLSearchParams)
    ) {
      throw new Error('the OIDC client sent a body the SSRF guard cannot forward');
    }
    const answer = await guard.fetch(url, {
      method: options.method,
      headers: options.headers,
      ...(body === undefined || body === null ? {} : { body: body.toString() }),
      redirect: 'manual',
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) {
      for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value])
        headers.append(name, one);
    }
    const empty = answer.status === 204 || answer.status === 304;
    return new Response(empty ? null : answer.body, { status: answer.status, headers });
  };
}

export function createOidc({ config, redirectUri, stateKey, now, allowHttp, guard }: OidcDeps) {
  let discovered: Promise<client.Configuration> | null = null;
  const configuration = () => {
    discovered ??= client
      .discovery(new URL(config.issuer), config.clientId, config.clientSecret, undefined, {
        [client.customFetch]: guardedFetch(guard),
        ...(allowHttp ? { execute: [client.allowInsecureRequests] } : {}),
      })
      .catch((error: unknown) => {
        discovered = null;
        throw error;
      });
    return discovered;
  };

  const roleOf = (claims: Record<string, unknown>): Role | null => {
    const value = config.roleClaim ? claims[config.roleClaim] : undefined;
    return value === 'viewer' || value === 'triager' || value === 'admin' ? value : null;
  };

  return {
    /** Where to send the browser, and the sealed flow state for the cookie. */
    async start(): Promise<{ redirectUrl: string; flowCookie: string }> {
      const flow: Flow = {
        verifier: client.randomPKCECodeVerifier(),
        state: client.randomState(),
        nonce: client.randomNonce(),
        expiresAt: now() + FLOW_TTL_MS,
      };
      const url = client.buildAuthorizationUrl(await configuration(), {
        redirect_uri: redirectUri,
        scope: 'openid profile email',
        code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
        code_challenge_method: 'S256',
        state: flow.state,
        nonce: flow.nonce,
      });
      return { redirectUrl: url.href, flowCookie: seal(stateKey, JSON.stringify(flow), FLOW_AAD) };
    },

    /** Completes the flow from the callback URL; throws on any mismatch. */
    async finish(callbackUrl: URL, flowCookie: string | undefined): Promise<OidcIdentity> {
      if (!flowCookie) throw new Error('the sign-in flow cookie is missing (expired, or another browser)');
      const flow = JSON.parse(open(stateKey, flowCookie, FLOW_AAD)) as Flow;
      if (now() > flow.expiresAt) throw new Error('the sign-in flow expired; start again');
      const tokens = await client.authorizationCodeGrant(await configuration(), callbackUrl, {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new Error('the provider sent no ID token');
      const text = (key: string) => (typeof claims[key] === 'string' ? (claims[key] as string) : null);
      const email = text('email');
      const username = text('preferred_username') ?? email ?? claims.sub;
      return {
        subject: `${claims.iss}#${claims.sub}`,
        username,
        displayName: text('name') ?? username,
        email,
        role: roleOf(claims),
      };
    },
  };
}

export type Oidc = ReturnType<typeof createOidc>;
