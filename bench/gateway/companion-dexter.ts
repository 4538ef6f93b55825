/**
 * Runs Dexter the way an operator does (`npm start`'s bundle, see bench/lib/server-command.ts), in companion
 * mode against a given Sentry URL, as its own process so its CPU can be read from /proc and
 * profiled alone. Then it signs in through the public API as a user would: the bootstrap admin's
 * one-time password from `bootstrap.json`, the forced password change, and a personal API token.
 * The bench gets both credentials: the session cookie (what the web app sends) and the token
 * (what scripts send).
 */

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CSRF_COOKIE } from '@dexter/contracts';
import { z } from 'zod';
import { listeningUrl } from '../../apps/server/src/testing/spawn-dexter';
import { signInAsFirstAdmin } from '../lib/bench-sign-in';
import { serverArgs } from '../lib/server-command';

export interface CompanionDexter {
  pid: number;
  url: string;
  /** The `Cookie` header of the signed-in admin's browser session. */
  cookie: string;
  /** The CSRF token a state-changing request of that session must echo. */
  csrfToken: string;
  /** A personal API token of the same admin. */
  apiToken: string;
  /** SIGTERM (graceful close, so a `--cpu-prof` profile is written), SIGKILL after 15 s. */
  stop(): Promise<void>;
}

export interface CompanionOptions {
  sentry: { url: string; token: string; org: string };
  env: Record<string, string>;
  nodeArgs: string[];
  startTimeoutMs?: number;
}

const repoRoot = resolve(import.meta.dirname, '../..');

// Settings that would point the child somewhere else than the fixtures.
const INHERITED_DENYLIST = /^(SENTRY_|DEXTER_|REDIS_URL$|DATABASE_URL$|PORT$|HOST$)/;

const BootstrapAdminSchema = z.object({ admin: z.object({ username: z.string(), password: z.string() }) });

export async function startCompanionDexter(options: CompanionOptions): Promise<CompanionDexter> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dexter-gateway-bench-'));
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !INHERITED_DENYLIST.test(name)),
  );
  const profiling = options.nodeArgs.some((arg) => arg.startsWith('--cpu-prof'));
  const child = spawn(process.execPath, await serverArgs(options.nodeArgs, { sources: profiling }), {
    cwd: repoRoot,
    env: {
      ...env,
      PORT: '0',
      HOST: '127.0.0.1',
      DEXTER_DATA_DIR: dataDir,
      DEXTER_DEMO: 'false',
      SENTRY_URL: options.sentry.url,
      SENTRY_TOKEN: options.sentry.token,
      SENTRY_ORG: options.sentry.org,
      DEXTER_ALLOW_PRIVATE_URLS: 'true',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const url = await listeningUrl(child, options.startTimeoutMs ?? 60_000);
    if (child.pid === undefined) throw new Error('Dexter has no pid');
    const credentials = await signIn(url, dataDir);
    return { pid: child.pid, url, ...credentials, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function signIn(url: string, dataDir: string) {
  const { admin } = BootstrapAdminSchema.parse(
    JSON.parse(readFileSync(join(dataDir, 'bootstrap.json'), 'utf8')),
  );
  const { client, apiToken } = await signInAsFirstAdmin(url, admin, 'gateway bench');
  const csrfToken = client.cookies.get(CSRF_COOKIE);
  if (!csrfToken) throw new Error('the session set no CSRF cookie');
  return {
    cookie: [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
    csrfToken,
    apiToken,
  };
}
