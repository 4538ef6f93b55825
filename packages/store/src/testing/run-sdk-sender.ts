/** Runs `sdk-sender.ts` (the real `@sentry/node` SDK) in a child process. */
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const senderPath = join(dirname(fileURLToPath(import.meta.url)), 'sdk-sender.ts');

export function spawnSdkSender(dsn: string, scenario: 'mixed' | 'stream'): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', senderPath], {
    env: { ...process.env, SENTRY_DSN: dsn, SCENARIO: scenario },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs a scenario to completion; resolves with the exit code and everything it printed. */
export function runSdkSender(dsn: string, scenario: 'mixed' | 'stream') {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawnSdkSender(dsn, scenario);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
