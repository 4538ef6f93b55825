/**
 * Composes Dexter's security services once, from the configuration and the opened database:
 * accounts, sessions, API tokens, sign-in back-off, the audit log, secrets at rest, SSO and the
 * SSRF guard. `startDexter` builds them before the app, so the bootstrap admin exists before the
 * server listens; `buildApp` registers their routes and plugins.
 */
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
import { createSignInThrottle } from './sign-in-throttle';
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
}

export function createSecurityServices({ config, db, secretKey, now, resolve }: SecurityServicesDeps) {
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
  const throttle = {
    byName: createSignInThrottle({ now }),
    byAddress: createSignInThrottle({ now, freeFailures: ADDRESS_FREE_FAILURES }),
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
