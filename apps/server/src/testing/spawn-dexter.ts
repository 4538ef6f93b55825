/**
 * Runs Dexter as its own process, the way `npm start` does (the bundle `scripts/build-server.mjs`
 * builds, so browser and durability tests exercise what ships), for tests that kill it or need it
 * isolated. Resolves once it prints the URL it listens on.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../../..');

let bundle: Promise<string> | undefined;

/**
 * The server bundle (benches start it too), built once per process into
 * `apps/server/dist/main.test.mjs`: there
 * (not in a temp dir) because Node resolves its npm imports from where it lies. Each process
 * builds under its own name and renames the result into place, so parallel test files never see
 * a half-written bundle (every build of the same sources is the same file).
 */
export function builtServer(): Promise<string> {
  bundle ??= (async () => {
    const dist = join(repoRoot, 'apps/server/dist');
    const own = join(dist, `main.test-${process.pid}.mjs`);
    const shared = join(dist, 'main.test.mjs');
    await promisify(execFile)(process.execPath, [join(repoRoot, 'scripts/build-server.mjs'), own]);
    renameSync(`${own}.map`, `${shared}.map`);
    renameSync(own, shared);
    return shared;
  })();
  return bundle;
}

export interface SpawnedDexter {
  url: string;
  child: ChildProcess;
  output(): string;
  /** SIGTERM and wait for exit. */
  stop(): Promise<void>;
}

export async function spawnDexter(env: Record<string, string>, timeoutMs = 60_000): Promise<SpawnedDexter> {
  const child = spawn(process.execPath, [await builtServer()], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', DEXTER_DEMO: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const record = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on('data', record);
  child.stderr?.on('data', record);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await listeningUrl(child, timeoutMs).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  return {
    url,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Resolves with the URL `main.ts` prints once it listens; both pipes keep draining afterwards. */
export function listeningUrl(child: ChildProcess, timeoutMs: number): Promise<string> {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Dexter did not start within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-8192);
      const match = /Dexter is running at (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Dexter exited with ${code} before it was ready:\n${output}`));
    });
  });
}
