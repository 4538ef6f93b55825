/**
 * Starts a whole Dexter server as a child process, the way an operator runs it (`npm start`: the
 * built bundle, see server-command.ts), on 127.0.0.1 with a port the OS picks (PORT=0) and a fresh temporary
 * data dir, and resolves once `bootstrap.json` is written (which happens after the server listens).
 * Benches measure the child from outside, through /proc, so the client's own work never mixes with
 * the server's figures.
 *
 * `stop()` closes the server gracefully with SIGTERM (so a `--cpu-prof` profile is written and
 * SQLite checkpoints its WAL) and falls back to SIGKILL; `removeDataDir()` deletes the temp dir.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Bootstrap, BootstrapSchema, bootstrapPath } from '@dexter/store';
import { serverArgs } from './server-command';

export const repoRoot = resolve(import.meta.dirname, '../..');

export interface DexterProcessOptions {
  /** Node flags placed before the entry, e.g. `['--cpu-prof', '--cpu-prof-dir=/tmp/p']`. */
  nodeArgs?: string[];
  /** Extra environment for the server (DEXTER_*, LOG_LEVEL...). */
  env?: Record<string, string>;
  startTimeoutMs?: number;
  stopTimeoutMs?: number;
}

export interface DexterProcess {
  pid: number;
  url: string;
  dataDir: string;
  bootstrap: Bootstrap;
  /** The last few KB the child wrote to stderr, for error messages. */
  stderrTail(): string;
  /** SIGTERM, then SIGKILL after the timeout; resolves once the child has exited. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  removeDataDir(): void;
}

// Variables that would point the child at a real Sentry or another URL instead of its own store.
const INHERITED_ENV_DENYLIST = [
  'SENTRY_URL',
  'SENTRY_TOKEN',
  'SENTRY_ORG',
  'DEXTER_PUBLIC_URL',
  'PORT',
  'HOST',
];

export async function startDexterProcess(options: DexterProcessOptions = {}): Promise<DexterProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dexter-bench-'));
  const env: Record<string, string | undefined> = { ...process.env };
  for (const name of INHERITED_ENV_DENYLIST) delete env[name];
  const nodeArgs = options.nodeArgs ?? [];
  const profiling = nodeArgs.some((arg) => arg.startsWith('--cpu-prof'));
  const child = spawn(process.execPath, await serverArgs(nodeArgs, { sources: profiling }), {
    cwd: repoRoot,
    env: {
      ...env,
      DEXTER_DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      DEXTER_DEMO: 'false',
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr = tailBuffer(child, 8 * 1024);
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });

  const removeDataDir = () => rmSync(dataDir, { recursive: true, force: true });
  const stop = async () => {
    if (!hasExited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), options.stopTimeoutMs ?? 15_000);
      await exited;
      clearTimeout(timer);
    }
    const [code, signal] = await exited;
    return { code, signal };
  };

  try {
    const bootstrap = await waitForBootstrap(dataDir, options.startTimeoutMs ?? 60_000, () => {
      if (hasExited) throw new Error(`Dexter exited before it was ready:\n${stderr()}`);
    });
    if (child.pid === undefined) throw new Error('Dexter has no pid');
    return {
      pid: child.pid,
      url: bootstrap.url,
      dataDir,
      bootstrap,
      stderrTail: stderr,
      stop,
      removeDataDir,
    };
  } catch (error) {
    await stop();
    removeDataDir();
    throw error;
  }
}

// bootstrap.json is written in one call after `listen`, but polling may still catch it half
// written, so an unparsable file is read again rather than reported.
async function waitForBootstrap(dataDir: string, timeoutMs: number, checkAlive: () => void) {
  const path = bootstrapPath(dataDir);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    checkAlive();
    if (existsSync(path)) {
      try {
        return BootstrapSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
      } catch {
        // Not complete yet.
      }
    }
    await sleep(50);
  }
  throw new Error(`Dexter wrote no ${path} within ${timeoutMs} ms`);
}

/** Keeps the last `maxBytes` of stderr and drains stdout, so a full pipe never blocks the child. */
function tailBuffer(child: ChildProcess, maxBytes: number): () => string {
  let tail = '';
  child.stdout?.resume();
  child.stderr?.on('data', (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-maxBytes);
  });
  return () => tail;
}
