/**
 * How the benches start Dexter: as `npm start` does, from the bundle `scripts/build-server.mjs`
 * builds (once per bench run, through the tests' `builtServer`) with the same Node flags. A CPU profile
 * of the bundle would name one file for everything, so profiling runs (`sources: true`) start the
 * TypeScript sources through tsx instead, as `npm run dev` does.
 */
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
