/**
 * The demo's traces: the storefront and payments services of the demo shop run as two processes
 * of `demo-traced-service.cjs` (the real `@sentry/node` SDK, tracing on), each reporting to its
 * own project, and the storefront calls payments over HTTP. A burst of product views and
 * checkouts makes distributed traces across both services, so the trace view, the performance
 * pages and the service graph (storefront → payments) open with content; one checkout in eight
 * has its card declined, an error pinned on the payments span where it happened.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./demo-traced-service.cjs', import.meta.url));
const START_TIMEOUT_MS = 20_000;

export interface DemoTraffic {
  checkouts: number;
  productViews: number;
  /** Requests in flight at once. */
  concurrency: number;
}

export const DEMO_TRAFFIC: DemoTraffic = { checkouts: 40, productViews: 60, concurrency: 4 };

interface RunningService {
  url: string;
  stop(): Promise<void>;
}

function startService(
  service: string,
  dsn: string,
  release: string,
  downstream = '',
): Promise<RunningService> {
  const child: ChildProcess = spawn(process.execPath, [script], {
    env: {
      ...process.env,
      DEXTER_DEMO_DSN: dsn,
      DEXTER_DEMO_SERVICE: service,
      DEXTER_DEMO_RELEASE: release,
      DEXTER_DEMO_DOWNSTREAM: downstream,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`demo service ${service} did not start: ${stderr}`));
    }, START_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`demo service ${service} exited ${code} before listening: ${stderr}`));
    });
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /LISTENING (\d+)/.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ url: `http://127.0.0.1:${match[1]}`, stop });
    });
  });
}

async function flush(service: RunningService): Promise<void> {
  const body = (await (await fetch(`${service.url}/flush`)).json()) as { flushed: boolean };
  if (!body.flushed) throw new Error('a demo service did not flush its traces');
}

/** Runs the traffic and resolves once both SDKs have sent every transaction. */
export async function sendDemoTraces(
  dsns: { storefront: string; payments: string },
  release: string,
  traffic: DemoTraffic = DEMO_TRAFFIC,
): Promise<void> {
  const payments = await startService('payments', dsns.payments, release);
  let storefront: RunningService | null = null;
  try {
    storefront = await startService('storefront', dsns.storefront, release, payments.url);
    const paths = [
      ...Array.from({ length: traffic.checkouts }, () => '/checkout'),
      ...Array.from({ length: traffic.productViews }, () => '/products'),
    ].sort(() => Math.random() - 0.5);
    const front = storefront.url;
    await Promise.all(
      Array.from({ length: traffic.concurrency }, async (_, worker) => {
        for (let i = worker; i < paths.length; i += traffic.concurrency) {
          const res = await fetch(`${front}${paths[i]}`);
          await res.arrayBuffer();
        }
      }),
    );
    // Payments first: its transactions end before the storefront's that called them.
    await flush(payments);
    await flush(storefront);
  } finally {
    await storefront?.stop();
    await payments.stop();
  }
}
