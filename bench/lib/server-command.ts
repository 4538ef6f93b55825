/**
 * How the benches start Dexter: as `npm start` does, from the bundle `scripts/build-server.mjs`
 * builds (once per bench run, through the tests' `builtServer`) with the same Node flags. A CPU profile
 * of the bundle would name one file for everything, so profiling runs (`sources: true`) start the
 * TypeScript sources through tsx instead, as `npm run dev` does.
 */
import type { ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { builtServer } from '../../apps/server/src/testing/spawn-dexter';

const repoRoot = resolve(import.meta.dirname, '../..');

/** The Node flags of `npm start` (package.json): 4 MB semi-spaces keep the young generation small. */
export const SERVER_NODE_ARGS = ['--max-semi-space-size=4'];

/** Arguments for `spawn(process.execPath, ...)` that start the server with extra Node flags. */
export async function serverArgs(nodeArgs: readonly string[], { sources = false } = {}): Promise<string[]> {
  if (sources) return [...nodeArgs, '--import', 'tsx', join(repoRoot, 'apps/server/src/main.ts')];
  return [...SERVER_NODE_ARGS, ...nodeArgs, await builtServer()];
}

/** Resolves with the URL `main.ts` prints once it listens; both pipes keep draining afterwards. */
export function listeningUrl(child: ChildProcess, timeoutMs: number): Promise<string> {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Dexter did not start:\n${output}`)), timeoutMs);
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
