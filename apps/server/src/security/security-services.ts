/**
 * Composes Dexter's security services once, from the configuration and the opened database:
 * accounts, sessions, API tokens, sign-in back-off, the audit log, secrets at rest, SSO and the
 * SSRF guard. `startDexter` builds them before the app, so the bootstrap admin exists before the
 * server listens; `buildApp` registers their routes and plugins.
 */

import type { Redis } from 'ioredis';
import type { Config } from '../config/config';
import type { DexterDb } from '../db/database';
import { createAuthService } from './accounts/auth-service';
import { BOOTSTRAP_ADMIN, forgetBootstrapPassword } from './accounts/bootstrap-admin';
import { createOidc } from './accounts/oidc';
import { createSessionStore } from './accounts/session-store';
import { createTokensService } from './accounts/tokens-service';
import { createUsersService } from './accounts/users-service';
import { createAuditService } from './audit/audit-service';
import { deriveKeys } from './secret-box';
import { createSecretsService } from './secrets/secrets-service';
import { createSharedSignInThrottle, localSignInBackOff } from './shared-sign-in-throttle';
import { createSignInThrottle, type SignInThrottleOptions } from './sign-in-throttle';
import { createSsrfGuard, type Resolver } from './ssrf-guard';

/** Failed sign-ins from one address before its back-off starts: an office shares one address. */
const ADDRESS_FREE_FAILURES = 20;

export interface SecurityServicesDeps {
  config: Config;
  db: DexterDb;
  secretKey: Buffer;
  now: () => number;
  /** DNS for the SSRF guard; tests inject one. */
  resolve?: Resolver;
  /** When set, the sign-in back-off is shared with every instance through it. */
  redis?: Pick<Redis, 'eval' | 'hget' | 'del'> | null;
  /** Told when Redis fails the back-off (once a minute at most). */
  onRedisError?: (error: unknown) => void;
}

const REDIS_ERROR_EVERY_MS = 60_000;

export function createSecurityServices({
  config,
  db,
  secretKey,
  now,
  resolve,
  redis,
  onRedisError,
}: SecurityServicesDeps) {
  const keys = deriveKeys(secretKey);
  const guard = createSsrfGuard({ allow: config.security.allowPrivateUrls, resolve });
  const users = createUsersService({ db, now });
  const sessions = createSessionStore({
    db,
    now,
    idleMs: config.security.sessionIdleMs,
    maxMs: config.security.sessionMaxMs,
  });
  const tokens = createTokensService({ db, now });
  let lastRedisError = Number.NEGATIVE_INFINITY;
  const backOff = (scope: string, options: SignInThrottleOptions) => {
    const local = createSignInThrottle(options);
    if (!redis) return localSignInBackOff(local);
    return createSharedSignInThrottle({
      redis,
      scope,
      local,
      now,
      freeFailures: options.freeFailures,
      onError: (error) => {
        if (now() - lastRedisError < REDIS_ERROR_EVERY_MS) return;
        lastRedisError = now();
        onRedisError?.(error);
      },
    });
  };
  const throttle = {
    byName: backOff('name', { now }),
    byAddress: backOff('address', { now, freeFailures: ADDRESS_FREE_FAILURES }),
  };
  const auth = createAuthService({
    users,
    sessions,
    tokens,
    throttle,
    csrfKey: keys.csrf,
    onPasswordChanged: (user) => {
      if (user.username === BOOTSTRAP_ADMIN) forgetBootstrapPassword(config.dataDir);
    },
  });
  const oidc =
    config.oidc && config.publicUrl
      ? createOidc({
          config: config.oidc,
          redirectUri: new URL('/api/v1/auth/oidc/callback', config.publicUrl).href,
          stateKey: keys.oidcState,
          now,
          allowHttp: !config.production,
          guard,
        })
      : null;
  return {
    now,
    keys,
    guard,
    users,
    sessions,
    tokens,
    throttle,
    auth,
    oidc,
    audit: createAuditService({ db, now }),
    secrets: createSecretsService({ db, now, key: keys.encryption, keyId: keys.keyId, guard }),
  };
}

export type SecurityServices = ReturnType<typeof createSecurityServices>;
