/**
 * The one configuration schema. Parsed once at boot from the environment; nothing else reads
 * `process.env`. A bad value stops the start with a message naming the variable and what it
 * expects. Mode follows from `SENTRY_TOKEN`: without it Dexter runs on its built-in store.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { type AlertsConfig, AlertsEnvSchema, alertsConfigFrom } from './alerts-config';
import {
  type DeployHealthConfig,
  DeployHealthEnvSchema,
  deployHealthConfigFrom,
} from './deploy-health-config';
import { type LiveConfig, LiveEnvSchema, liveConfigFrom } from './live-config';
import {
  allowPrivateSchema,
  type OidcConfig,
  type SecurityConfig,
  secretKeySchema,
  trustProxySchema,
} from './security-config';
import { type UpstreamConfig, UpstreamEnvSchema, upstreamConfigFrom } from './upstream-config';

export type { DeployHealthConfig } from './deploy-health-config';
export type { LiveConfig } from './live-config';
export type { OidcConfig, SecurityConfig } from './security-config';
export type { UpstreamConfig } from './upstream-config';

const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const roleName = z.enum(['viewer', 'triager', 'admin']);

const EnvSchema = UpstreamEnvSchema.extend({
  ...LiveEnvSchema.shape,
  ...DeployHealthEnvSchema.shape,
  ...AlertsEnvSchema.shape,
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DEXTER_PUBLIC_URL: z.url().optional(),
  DEXTER_DATA_DIR: z.string().min(1).default('.data'),
  DEXTER_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'expected a PostgreSQL URL, postgres://user:password@host:5432/dexter')
    .optional(),
  DEXTER_LEASE_TTL_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(30_000),
  DEXTER_DEMO: booleanString.default(true),
  DEXTER_WEB_DIST: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SENTRY_URL: z.url().default('https://sentry.io'),
  SENTRY_TOKEN: z.string().min(1).optional(),
  SENTRY_ORG: z.string().min(1).optional(),
  DEXTER_INGEST_MAX_QUEUE: z.coerce.number().int().min(1).default(5000),
  DEXTER_UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  NODE_ENV: z.string().default('development'),
  DEXTER_SECRET_KEY: secretKeySchema.optional(),
  DEXTER_TRUST_PROXY: trustProxySchema.default(false),
  DEXTER_ALLOW_PRIVATE_URLS: allowPrivateSchema.default([]),
  DEXTER_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(43_200).default(480),
  DEXTER_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(8_760).default(168),
  DEXTER_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  DEXTER_OIDC_ISSUER: z.url().optional(),
  DEXTER_OIDC_CLIENT_ID: z.string().min(1).optional(),
  DEXTER_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  DEXTER_OIDC_DEFAULT_ROLE: roleName.default('viewer'),
  DEXTER_OIDC_ROLE_CLAIM: z.string().min(1).optional(),
});

export interface Config {
  port: number;
  host: string;
  publicUrl: string | undefined;
  dataDir: string;
  /** Dexter's own data (users, sessions, audit, views, jobs...): PostgreSQL at `url`, or SQLite in `dataDir` when null. */
  database: { url: string | null };
  /**
   * How long an instance owns a bulk job or a poller without renewing (platform/leases.ts): when
   * it dies, another instance takes the work over this long after its last renewal.
   */
  leases: { ttlMs: number };
  demo: boolean;
  webDist: string;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  mode: 'standalone' | 'companion';
  sentry: { url: string; token: string | undefined; org: string | undefined; timeoutMs: number };
  ingest: { maxQueuedEvents: number };
  upstream: UpstreamConfig;
  /** Webhook secret, companion poller, WebSocket heartbeat. */
  live: LiveConfig;
  /** The after-deploy regression check: window, thresholds, schedule. */
  deployHealth: DeployHealthConfig;
  /** Alert deliveries: SMTP, outbox polling, webhook retries. */
  alerts: AlertsConfig;
  /** `NODE_ENV=production`: secrets must come from configuration, never be generated. */
  production: boolean;
  security: SecurityConfig;
  /** Optional single sign-on; null when `DEXTER_OIDC_ISSUER` is unset. */
  oidc: OidcConfig | null;
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined>, rootDir: string): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const missing = (variable: string, why: string) =>
    new ConfigError(`Invalid configuration:\n  ${variable}: ${why}`);
  if (e.SENTRY_TOKEN && !e.SENTRY_ORG) {
    throw missing('SENTRY_ORG', 'required when SENTRY_TOKEN is set (the organization slug)');
  }
  if (production && !e.DEXTER_SECRET_KEY) {
    throw missing('DEXTER_SECRET_KEY', 'required when NODE_ENV=production (32 bytes, base64 or hex)');
  }
  if (e.DEXTER_OIDC_ISSUER && (!e.DEXTER_OIDC_CLIENT_ID || !e.DEXTER_OIDC_CLIENT_SECRET)) {
    throw missing(
      'DEXTER_OIDC_CLIENT_ID',
      'DEXTER_OIDC_CLIENT_ID and DEXTER_OIDC_CLIENT_SECRET are required with DEXTER_OIDC_ISSUER',
    );
  }
  if (e.DEXTER_OIDC_ISSUER && !e.DEXTER_PUBLIC_URL) {
    throw missing(
      'DEXTER_PUBLIC_URL',
      'required with DEXTER_OIDC_ISSUER (the sign-in callback URL is built from it)',
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.DEXTER_PUBLIC_URL,
    dataDir: resolve(rootDir, e.DEXTER_DATA_DIR),
    database: { url: e.DEXTER_DATABASE_URL ?? null },
    leases: { ttlMs: e.DEXTER_LEASE_TTL_MS },
    demo: e.DEXTER_DEMO,
    webDist: resolve(rootDir, e.DEXTER_WEB_DIST ?? 'apps/web/dist'),
    logLevel: e.LOG_LEVEL,
    mode: e.SENTRY_TOKEN ? 'companion' : 'standalone',
    sentry: {
      url: e.SENTRY_URL,
      token: e.SENTRY_TOKEN,
      org: e.SENTRY_ORG,
      timeoutMs: e.DEXTER_UPSTREAM_TIMEOUT_MS,
    },
    ingest: { maxQueuedEvents: e.DEXTER_INGEST_MAX_QUEUE },
    upstream: upstreamConfigFrom(e, Boolean(e.SENTRY_TOKEN)),
    live: liveConfigFrom(e),
    deployHealth: deployHealthConfigFrom(e),
    alerts: alertsConfigFrom(e),
    production,
    security: {
      secretKey: e.DEXTER_SECRET_KEY ?? null,
      trustProxy: e.DEXTER_TRUST_PROXY,
      allowPrivateUrls: e.DEXTER_ALLOW_PRIVATE_URLS,
      sessionIdleMs: e.DEXTER_SESSION_IDLE_MINUTES * 60_000,
      sessionMaxMs: e.DEXTER_SESSION_MAX_HOURS * 3_600_000,
      rateLimitPerMinute: e.DEXTER_RATE_LIMIT_PER_MINUTE,
    },
    oidc:
      e.DEXTER_OIDC_ISSUER && e.DEXTER_OIDC_CLIENT_ID && e.DEXTER_OIDC_CLIENT_SECRET
        ? {
            issuer: e.DEXTER_OIDC_ISSUER,
            clientId: e.DEXTER_OIDC_CLIENT_ID,
            clientSecret: e.DEXTER_OIDC_CLIENT_SECRET,
            defaultRole: e.DEXTER_OIDC_DEFAULT_ROLE,
            roleClaim: e.DEXTER_OIDC_ROLE_CLAIM ?? null,
          }
        : null,
  };
}
