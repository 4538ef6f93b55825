/**
 * The web bundle the bench's Dexter serves: built fresh from the current sources into a temporary
 * directory (a few seconds), so browser figures never describe a stale `apps/web/dist`. If the
 * build fails (someone's work in progress), the bench says so and falls back to `apps/web/dist`.
 * `BENCH_WEB_DIST` names a bundle built elsewhere instead, e.g. an earlier commit's web app, so
 * two bundles can be compared on the same server and under the same load.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../lib/dexter-process';

export function buildWebBundle(prebuilt?: string): { dir: string; fresh: boolean; note: string } {
  // A bundle built elsewhere (another commit's web app, to compare under the same load).
  if (prebuilt) return { dir: prebuilt, fresh: false, note: 'prebuilt, BENCH_WEB_DIST' };
  const dir = mkdtempSync(join(tmpdir(), 'dexter-triage-web-'));
  const started = performance.now();
  const build = spawnSync('npx', ['vite', 'build', '--outDir', dir, '--emptyOutDir', '--logLevel', 'error'], {
    cwd: join(repoRoot, 'apps/web'),
    encoding: 'utf8',
  });
  if (build.status === 0) {
    return { dir, fresh: true, note: `built in ${((performance.now() - started) / 1000).toFixed(1)} s` };
  }
  return {
    dir: join(repoRoot, 'apps/web/dist'),
    fresh: false,
    note: `the build failed, serving apps/web/dist instead: ${(build.stderr || build.stdout).trim().slice(0, 500)}`,
  };
}
