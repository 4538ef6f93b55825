/**
 * Sends errors to Dexter through the real `@sentry/node` SDK, as an application would, from a
 * child process: `runSdkError(dsn, key, message, times)` resolves once the SDK has flushed. Each
 * `key` is its own issue (a fingerprint), so a test can make a new issue or another event of one.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);

async function main(): Promise<void> {
  const Sentry = await import('@sentry/node');
  const {
    SENTRY_DSN: dsn,
    ISSUE_KEY: key = 'default',
    MESSAGE: message = 'boom',
    TIMES: times = '1',
  } = process.env;
  Sentry.init({
    dsn,
    release: 'live-e2e@1.0.0',
    environment: 'test',
    tracesSampleRate: 0,
    defaultIntegrations: false,
  });
  for (let i = 0; i < Number(times); i++) {
    Sentry.withScope((scope) => {
      scope.setFingerprint(['live-e2e', key]);
      Sentry.captureException(new Error(message));
    });
  }
  if (!(await Sentry.flush(10_000))) throw new Error('the SDK did not flush within 10 s');
}

export function runSdkError(dsn: string, key: string, message: string, times = 1): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', self], {
      env: {
        ...process.env,
        SDK_ERROR_CHILD: '1',
        SENTRY_DSN: dsn,
        ISSUE_KEY: key,
        MESSAGE: message,
        TIMES: String(times),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`SDK sender exited ${code}: ${stderr}`)),
    );
  });
}

if (process.env.SDK_ERROR_CHILD === '1') {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
