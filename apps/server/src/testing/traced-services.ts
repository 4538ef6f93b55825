/**
 * Starts `traced-service.cjs` (the real `@sentry/node` SDK with tracing) as child processes on
 * 127.0.0.1: a front service calling a payments service over HTTP, each reporting to its own
 * project. Used by the traces and performance server tests and their browser tests.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./traced-service.cjs', import.meta.url));

export interface TracedService {
  url: string;
  /** Resolves once the SDK has sent everything it holds. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

export function startTracedService(
  name: string,
  dsn: string,
  downstreamUrl?: string,
): Promise<TracedService> {
  const child: ChildProcess = spawn(process.execPath, [script], {
    env: { ...process.env, SENTRY_DSN: dsn, SERVICE_NAME: name, DOWNSTREAM_URL: downstreamUrl ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`${name} did not start within 15 s: ${stderr}`));
    }, 15_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited ${code} before listening: ${stderr}`));
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /LISTENING (\d+)/.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const url = `http://127.0.0.1:${match[1]}`;
      resolve({
        url,
        async flush() {
          const res = await fetch(`${url}/flush`);
          const body = (await res.json()) as { flushed: boolean };
          if (!body.flushed) throw new Error(`${name}: the SDK did not flush within 10 s`);
        },
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
