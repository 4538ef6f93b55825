/** Runs `similar-errors-app.ts` (the real `@sentry/node` SDK) in a child process, to completion. */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const appPath = join(dirname(fileURLToPath(import.meta.url)), 'similar-errors-app.ts');

export function runSimilarErrorsApp(dsn: string, role: 'shop' | 'billing'): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', appPath], {
      env: { ...process.env, SENTRY_DSN: dsn, ROLE: role },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`similar-errors-app (${role}) exited with ${code}: ${stderr}`)),
    );
  });
}
