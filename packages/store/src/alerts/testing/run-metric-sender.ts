/** Runs `metric-sdk-sender.ts` (the real `@sentry/node` SDK) in a child process, to completion. */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const senderPath = join(dirname(fileURLToPath(import.meta.url)), 'metric-sdk-sender.ts');

export function sendMetricTraffic(traffic: {
  dsn: string;
  mode: 'sessions' | 'transactions';
  count: number;
  failed: number;
  environment?: string;
}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', senderPath], {
      env: {
        ...process.env,
        SENTRY_DSN: traffic.dsn,
        MODE: traffic.mode,
        COUNT: String(traffic.count),
        FAILED: String(traffic.failed),
        ENVIRONMENT: traffic.environment ?? 'production',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`the SDK sender exited with ${code}: ${stderr}`)),
    );
  });
}
