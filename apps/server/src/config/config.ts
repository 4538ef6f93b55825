/**
 * The one configuration schema. Parsed once at boot from the environment; nothing else reads
 * `process.env`. A bad value stops the start with a message naming the variable and what it
 * expects. Mode follows from `SENTRY_TOKEN`: without it Dexter runs on its built-in store.
 */
import { resolve } from 'node:path';
import { z } from 'zod';

const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DEXTER_PUBLIC_URL: z.url().optional(),
  DEXTER_DATA_DIR: z.string().min(1).default('.data'),
  DEXTER_DEMO: booleanString.default(true),
  DEXTER_WEB_DIST: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SENTRY_URL: z.url().default('https://sentry.io'),
  SENTRY_TOKEN: z.string().min(1).optional(),
  SENTRY_ORG: z.string().min(1).optional(),
  DEXTER_INGEST_MAX_QUEUE: z.coerce.number().int().min(1).default(5000),
  DEXTER_UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
});

export interface Config {
  port: number;
  host: string;
  publicUrl: string | undefined;
  dataDir: string;
  demo: boolean;
  webDist: string;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  mode: 'standalone' | 'companion';
  sentry: { url: string; token: string | undefined; org: string | undefined; timeoutMs: number };
  ingest: { maxQueuedEvents: number };
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined>, rootDir: string): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.SENTRY_TOKEN && !e.SENTRY_ORG) {
    throw new ConfigError(
      'Invalid configuration:\n  SENTRY_ORG: required when SENTRY_TOKEN is set (the organization slug)',
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.DEXTER_PUBLIC_URL,
    dataDir: resolve(rootDir, e.DEXTER_DATA_DIR),
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
  };
}
