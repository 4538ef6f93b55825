/**
 * Runs Dexter as an operator does (`npm start`'s bundle, see bench/lib/server-command.ts) in its own process,
 * on a data directory the bench prepared (a seeded built-in store) or a fresh one (companion mode
 * against a given "Sentry"), serving a given web bundle. Once it listens, the bench signs in as
 * the bootstrap admin through the public API (one-time password, forced change, personal token)
 * and keeps the session cookies for the browser and the token for scripted calls.
 *
 * Unlike `bench/lib/dexter-process.ts` it cannot wait for `bootstrap.json` (a seeded directory
 * already has one), so it waits for the line `main.ts` prints once the server listens.
 */

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { listeningUrl } from '../../apps/server/src/testing/spawn-dexter';
import { signInAsFirstAdmin } from '../lib/bench-sign-in';
import { repoRoot } from '../lib/dexter-process';
import { serverArgs } from '../lib/server-command';

export interface TriageDexter {
  pid: number;
  url: string;
  org: string;
  /** Cookies of the admin's signed-in session, as name/value pairs (for the browser). */
  cookies: Array<{ name: string; value: string }>;
  /** A personal API token of the same admin (`Authorization: Bearer`). */
  apiToken: string;
  /** The built-in store's `/api/0` token (standalone mode only). */
  storeToken: string | null;
  /** GET or POST on Dexter's API with the personal token; the body is parsed by `schema`. */
  api<T>(path: string, schema: z.ZodType<T>, init?: RequestInit): Promise<T>;
  stop(): Promise<void>;
}

export interface TriageDexterOptions {
  dataDir: string;
  webDist: string;
  /** The organization to use; the built-in store's by default. */
  org?: string;
  env?: Record<string, string>;
  startTimeoutMs?: number;
}

// Anything that could point the child elsewhere than where the bench says.
const INHERITED_DENYLIST = /^(SENTRY_|DEXTER_|REDIS_URL$|PORT$|HOST$)/;

const BootstrapSchema = z.object({
  org: z.string().optional(),
  token: z.string().optional(),
  admin: z.object({ username: z.string(), password: z.string() }),
});

export async function startTriageDexter(options: TriageDexterOptions): Promise<TriageDexter> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !INHERITED_DENYLIST.test(name)),
  );
  const child = spawn(process.execPath, await serverArgs([]), {
    cwd: repoRoot,
    env: {
      ...inherited,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DEXTER_DATA_DIR: options.dataDir,
      DEXTER_DEMO: 'false',
      DEXTER_WEB_DIST: options.webDist,
      // The bench is one client making many requests; the per-address limit is not under test.
      DEXTER_RATE_LIMIT_PER_MINUTE: '100000000',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    // A seeded store of 100,000 issues from the seed cache may first run newer migrations.
    const url = await listeningUrl(child, options.startTimeoutMs ?? 180_000);
    if (child.pid === undefined) throw new Error('Dexter has no pid');
    const boot = BootstrapSchema.parse(
      JSON.parse(readFileSync(join(options.dataDir, 'bootstrap.json'), 'utf8')),
    );
    const org = options.org ?? boot.org;
    if (!org) throw new Error('no organization: bootstrap.json names none and none was given');
    const session = await signIn(url, boot.admin);
    const api = async <T>(path: string, schema: z.ZodType<T>, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${session.apiToken}`);
      if (init.body !== undefined) headers.set('content-type', 'application/json');
      const response = await fetch(`${url}${path}`, { ...init, headers });
      if (!response.ok)
        throw new Error(
          `${init.method ?? 'GET'} ${path} answered ${response.status}: ${await response.text()}`,
        );
      return schema.parse(await response.json());
    };
    return {
      pid: child.pid,
      url,
      org,
      cookies: session.cookies,
      apiToken: session.apiToken,
      storeToken: boot.token ?? null,
      api,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function signIn(url: string, admin: { username: string; password: string }) {
  const { client, apiToken } = await signInAsFirstAdmin(url, admin, 'triage bench');
  return { cookies: [...client.cookies].map(([name, value]) => ({ name, value })), apiToken };
}
