/** Runs `alert-sdk-sender.ts` (the real `@sentry/node` SDK) in a child process, to completion. */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const senderPath = join(dirname(fileURLToPath(import.meta.url)), 'alert-sdk-sender.ts');

export interface AlertBurst {
  dsn: string;
  count: number;
  fingerprint: string;
  users?: number;
  environment?: string;
}

/** Resolves with the acknowledged events (`{eventId, at}`) once the SDK flushed and exited. */
export function sendAlertBurst(burst: AlertBurst): Promise<Array<{ eventId: string; at: number }>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', senderPath], {
      env: {
        ...process.env,
        SENTRY_DSN: burst.dsn,
        COUNT: String(burst.count),
        FINGERPRINT: burst.fingerprint,
        USERS: String(burst.users ?? 1),
        ENVIRONMENT: burst.environment ?? 'production',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`the SDK sender exited with ${code}: ${stderr}`));
      const acks = [...stdout.matchAll(/^ACK (\w+) (\d+)$/gm)].map((m) => ({
        eventId: m[1]!,
        at: Number(m[2]),
      }));
      resolve(acks);
    });
  });
}
