/**
 * Everything security needs before the server listens: Dexter's database, the master secret key
 * (configured, or generated into the data directory in development), the services, the bootstrap
 * admin on first run, and the SSRF check of every configured URL Dexter will call (`SENTRY_URL` in
 * companion mode, the OIDC issuer); the built-in store's loopback upstream is internal and not
 * checked. Expired sessions are pruned hourly.
 */
import type { Config } from '../config/config';
import { ConfigError } from '../config/config';
import { type DexterDb, openDexterDatabase } from '../db/database';
import { type BootstrapAdmin, ensureBootstrapAdmin } from './accounts/bootstrap-admin';
import { resolveSecretKey, type SecretKeySource } from './secret-key';
import {
  createSecurityServices,
  type SecurityServices,
  type SecurityServicesDeps,
} from './security-services';
import { UnsafeUrlError } from './ssrf-guard';

const PRUNE_EVERY_MS = 3_600_000;

export interface OpenedSecurity {
  services: SecurityServices;
  /** Dexter's own database (users, sessions, tokens, audit log, secrets). */
  db: DexterDb;
  /** The first-run admin and its one-time password while it is unchanged; null otherwise. */
  admin: BootstrapAdmin | null;
  secretKey: Pick<SecretKeySource, 'origin' | 'path'>;
  close(): Promise<void>;
}

export async function openSecurity(
  config: Config,
  options: Pick<SecurityServicesDeps, 'resolve' | 'redis' | 'onRedisError'> & { now?: () => number } = {},
): Promise<OpenedSecurity> {
  const now = options.now ?? Date.now;
  const secretKey = resolveSecretKey(config.security.secretKey, config.dataDir, config.production);
  const { db, close } = await openDexterDatabase(config.dataDir, config.database.url);
  try {
    const services = createSecurityServices({
      config,
      db,
      secretKey: secretKey.key,
      now,
      resolve: options.resolve,
      redis: options.redis,
      onRedisError: options.onRedisError,
    });
    for (const [variable, url] of configuredUrls(config)) {
      await services.guard.check(url).catch((error: unknown) => {
        if (error instanceof UnsafeUrlError)
          throw new ConfigError(`Invalid configuration:\n  ${variable}: ${error.message}`);
        throw error;
      });
    }
    await services.secrets.sealLegacyUrlCredentials();
    const admin = await ensureBootstrapAdmin(services.users, config.dataDir);
    const pruner = setInterval(() => void services.sessions.prune().catch(() => {}), PRUNE_EVERY_MS);
    pruner.unref();
    return {
      services,
      db,
      admin,
      secretKey: { origin: secretKey.origin, path: secretKey.path },
      async close() {
        clearInterval(pruner);
        await close();
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Every URL from the configuration that Dexter sends requests to, by its variable. */
function configuredUrls(config: Config): Array<[variable: string, url: string]> {
  return [
    ...(config.mode === 'companion' ? [['SENTRY_URL', config.sentry.url] as [string, string]] : []),
    ...(config.oidc ? [['DEXTER_OIDC_ISSUER', config.oidc.issuer] as [string, string]] : []),
  ];
}
