/**
 * Test-only: a throwaway redis-server (installed from Debian packages) on a free loopback port,
 * with persistence off, so tests that need real Redis (shared cache, singleflight, pub/sub) run
 * against the real thing. The caller stops it in `afterAll`.
 *
 * redis-server has no `--port 0`, so a free port is found by binding a socket on port 0 and closing
 * it; if another process takes the port in between, redis-server exits and we try another.
 * `restart()` keeps the port, so outage tests can take Redis away and give it back.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';

const REDIS_SERVER = '/usr/bin/redis-server';
const HOST = '127.0.0.1';

export interface RedisServer {
  url: string;
  port: number;
  stop(): Promise<void>;
  restart(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** One PING over a raw socket: true when the answer is +PONG. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: HOST, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (chunk) => done(chunk.toString().startsWith('+PONG')));
  });
}

async function launch(port: number, timeoutMs: number): Promise<ChildProcess> {
  const child = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
    { cwd: tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + timeoutMs;
  // Polling a starting process is the one wait here: there is no event for "accepts commands".
  // Both checks matter: the log line proves *our* server bound the port (a PONG alone could come
  // from another test's server that won the port race), the PING that it serves commands.
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}:\n${output}`);
    if (output.includes('Ready to accept connections') && (await ping(port))) return child;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not answer PING on port ${port} within ${timeoutMs} ms:\n${output}`);
}

function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export async function startRedisServer({ timeoutMs = 10_000 } = {}): Promise<RedisServer> {
  let port = 0;
  let child: ChildProcess | null = null;
  for (let attempt = 1; child === null; attempt++) {
    port = await freePort();
    try {
      child = await launch(port, timeoutMs);
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
  let current: ChildProcess | null = child;
  const stop = async () => {
    if (current) await terminate(current);
    current = null;
  };
  return {
    url: `redis://${HOST}:${port}`,
    port,
    stop,
    async restart() {
      await stop();
      current = await launch(port, timeoutMs);
    },
  };
}
