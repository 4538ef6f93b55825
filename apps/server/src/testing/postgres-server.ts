/**
 * Test-only: a throwaway PostgreSQL server (Debian's `postgresql` package) in a temporary
 * directory on a free loopback port, so Dexter's database code runs against the real thing. The
 * caller stops it in `afterAll` (or a vitest global teardown); the directory goes with it.
 *
 * PostgreSQL refuses to run as root, so when the tests run as root `initdb` and `postgres` run as
 * the `postgres` system user (`runuser`), and the directory is handed to that user. Trust
 * authentication on 127.0.0.1 only: the cluster lives for one test run and holds test data.
 * Durability is switched off (`fsync`, `synchronous_commit`, `full_page_writes`): a crashed test
 * cluster is thrown away anyway, and every commit waiting for the disk would slow each suite down.
 * Like redis-server, `postgres` has no "port 0": a port is found by binding a socket on port 0;
 * if another process takes it in between, the server exits and we try another.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const HOST = '127.0.0.1';
const SUPERUSER = 'postgres';

export interface PostgresServer {
  /** Connection URL of the `postgres` database as the superuser, e.g. postgres://postgres@127.0.0.1:5433/postgres */
  url: string;
  port: number;
  /** The temporary directory of the cluster, removed by `stop()`. */
  dataDir: string;
  /** A fresh, empty database on this server; its URL. */
  createDatabase(name?: string): Promise<string>;
  dropDatabase(url: string): Promise<void>;
  stop(): Promise<void>;
}

/** The newest PostgreSQL under /usr/lib/postgresql/<major>/bin, as Debian installs it. */
export function postgresBinDir(): string {
  const base = '/usr/lib/postgresql';
  for (const major of ['17', '16', '15', '14', '13']) {
    const dir = join(base, major, 'bin');
    if (existsSync(join(dir, 'postgres'))) return dir;
  }
  throw new Error(
    `No PostgreSQL server under ${base}: install the Debian package (scripts/ensure-system-deps.sh)`,
  );
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

const asRoot = process.getuid?.() === 0;
/** The command line, run as the `postgres` user when we are root (PostgreSQL refuses root). */
const asPostgres = (binary: string, args: string[]): [string, string[]] =>
  asRoot ? ['/usr/sbin/runuser', ['-u', 'postgres', '--', binary, ...args]] : [binary, args];

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function launch(bin: string, dataDir: string, port: number, timeoutMs: number): Promise<ChildProcess> {
  const [command, args] = asPostgres(join(bin, 'postgres'), [
    '-D',
    dataDir,
    '-p',
    String(port),
    '-c',
    `listen_addresses=${HOST}`,
    // The socket lives in the cluster's own directory, not /var/run/postgresql (which may not exist).
    '-c',
    `unix_socket_directories=${dataDir}`,
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'full_page_writes=off',
    '-c',
    'max_connections=200',
  ]);
  const child = spawn(command, args, { cwd: tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `postgres://${SUPERUSER}@${HOST}:${port}/postgres`;
  const deadline = Date.now() + timeoutMs;
  // Polling a starting server is the one wait here: there is no event for "accepts queries". The
  // log line proves *our* server bound the port, the query that it serves.
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`postgres exited with ${child.exitCode}:\n${output}`);
    if (output.includes('ready to accept connections') && (await canConnect(url))) return child;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`postgres did not accept connections on port ${port} within ${timeoutMs} ms:\n${output}`);
}

async function terminate(child: ChildProcess, dataDir: string): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // SIGINT is PostgreSQL's "fast shutdown": clients are disconnected, nothing waits for them. It
  // goes to the postmaster itself (its pid is the first line of postmaster.pid): `runuser` does
  // not forward signals to the process it started.
  const pidFile = join(dataDir, 'postmaster.pid');
  const postmaster = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : 0;
  const signal = (name: NodeJS.Signals) => {
    if (postmaster <= 0) return void child.kill(name);
    try {
      process.kill(postmaster, name);
    } catch {
      // Already gone: the child's exit follows.
    }
  };
  signal('SIGINT');
  const timer = setTimeout(() => signal('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export async function startPostgresServer({ timeoutMs = 30_000 } = {}): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const root = mkdtempSync(join(tmpdir(), 'dexter-postgres-'));
  const dataDir = join(root, 'data');
  if (asRoot) chownSync(root, Number((await run('id', ['-u', 'postgres'])).stdout.trim()), -1);
  try {
    const [initdb, initArgs] = asPostgres(join(bin, 'initdb'), [
      '-D',
      dataDir,
      '-U',
      SUPERUSER,
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    await run(initdb, initArgs, { cwd: tmpdir() });
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }

  let port = 0;
  let child: ChildProcess | null = null;
  for (let attempt = 1; child === null; attempt++) {
    port = await freePort();
    try {
      child = await launch(bin, dataDir, port, timeoutMs);
    } catch (error) {
      if (attempt >= 3) {
        rmSync(root, { recursive: true, force: true });
        throw error;
      }
    }
  }
  const server = child;
  const url = `postgres://${SUPERUSER}@${HOST}:${port}/postgres`;
  return {
    url,
    port,
    dataDir: root,
    createDatabase: (name?: string) => createDatabase(url, name),
    dropDatabase: (databaseUrl: string) => dropDatabase(url, databaseUrl),
    async stop() {
      await terminate(server, dataDir);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

const PLAIN_NAME = /^[a-z_][a-z0-9_]*$/;
let created = 0;

async function asSuperuser<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  client.on('error', () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates an empty database (a copy of template1, a few ms) on the server at `serverUrl`; its URL.
 * `ifMissing` keeps a database of that name that already exists.
 */
export async function createDatabase(
  serverUrl: string,
  name = `dexter_${process.pid}_${++created}_${Math.random().toString(36).slice(2, 8)}`,
  { ifMissing = false } = {},
): Promise<string> {
  if (!PLAIN_NAME.test(name)) throw new Error(`Not a plain database name: ${name}`);
  await asSuperuser(serverUrl, async (client) => {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (ifMissing && exists.rowCount) return;
    await client.query(`create database ${name}`);
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops the database at `databaseUrl`; `with (force)` ends connections a test left open. */
export async function dropDatabase(serverUrl: string, databaseUrl: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  if (!PLAIN_NAME.test(name)) throw new Error(`Not a plain database name: ${name}`);
  await asSuperuser(serverUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
}
