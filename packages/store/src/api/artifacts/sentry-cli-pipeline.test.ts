/**
 * Acceptance: a CI pipeline with the released `sentry-cli` 3.8 binary against the built-in store,
 * then a crash from the deployed bundle through the real `@sentry/node` SDK. The release gets
 * commits from a real git repository, the bundle (built here by esbuild, minified, with a source
 * map) gets debug IDs and is uploaded with `--wait`, the release is finalized and deployed; the
 * event then shows the original file, line, function and source line, with the minified frames
 * kept as `rawStacktrace`.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StoreServer, startStoreServer } from '../../testing/store-harness';

const repoRoot = fileURLToPath(new URL('../../../../../', import.meta.url));
const sentryCli = join(repoRoot, 'node_modules/.bin/sentry-cli');
const sentryNode = createRequire(join(repoRoot, 'package.json')).resolve('@sentry/node');
const VERSION = 'shop@1.4.0';

const CHECKOUT_TS = `export interface Cart {
  items: string[];
}

export function validateCart(cart: Cart): number {
  if (cart.items.length === 0) {
    throw new Error('Cart is empty');
  }
  return cart.items.length;
}

export function checkout(cart: Cart): number {
  const count = validateCart(cart);
  return count * 2;
}
`;
const MAIN_TS = `import { checkout } from './checkout';

export function run(): number {
  return checkout({ items: [] });
}
`;
// Runs the deployed bundle under the real SDK and reports the id of the event it captured.
const RUNNER_CJS = `const Sentry = require(${JSON.stringify(sentryNode)});
Sentry.init({ dsn: process.env.DSN, release: process.env.RELEASE, environment: 'production' });
const app = require('./dist/app.min.js');
try {
  app.run();
} catch (error) {
  console.log('EVENT ' + Sentry.captureException(error));
}
Sentry.flush(10000).then((ok) => process.exit(ok ? 0 : 2));
`;

interface ApiFrame {
  filename: string | null;
  absPath: string | null;
  function: string | null;
  lineNo: number | null;
  colNo: number | null;
  inApp: boolean;
  context: Array<[number, string]>;
}
interface ApiStack {
  frames: ApiFrame[];
}
interface ApiEvent {
  entries: Array<{
    type: string;
    data: { values?: Array<{ stacktrace: ApiStack; rawStacktrace: ApiStack | null }> };
  }>;
}

let server: StoreServer;
let work: string;
let projectSlug: string;
let cliLog = '';

function git(args: string[], env: Record<string, string> = {}) {
  return run('git', args, { ...env, GIT_CONFIG_NOSYSTEM: '1' });
}

function run(command: string, args: string[], env: Record<string, string> = {}) {
  return new Promise<string>((resolve, reject) => {
    execFile(
      command,
      args,
      {
        cwd: work,
        timeout: 20_000,
        env: { PATH: process.env.PATH ?? '', HOME: join(work, 'home'), ...env },
      },
      (error, stdout, stderr) => {
        cliLog += `$ ${command} ${args.join(' ')}\n${stdout}${stderr}`;
        if (error) reject(new Error(`${command} ${args.join(' ')} failed:\n${cliLog}`));
        else resolve(stdout);
      },
    );
  });
}

const cli = (...args: string[]) =>
  run(sentryCli, args, {
    SENTRY_URL: server.url,
    SENTRY_AUTH_TOKEN: server.token,
    SENTRY_ORG: server.org,
    SENTRY_PROJECT: projectSlug,
    SENTRY_LOG_LEVEL: 'warn',
    SENTRY_DISABLE_UPDATE_CHECK: '1',
    SENTRY_LOAD_DOTENV: '0',
  });

async function commit(file: string, content: string, author: string, email: string, message: string) {
  writeFileSync(join(work, file), content);
  await git(['add', file]);
  await git(['commit', '-q', '-m', message], {
    GIT_AUTHOR_NAME: author,
    GIT_AUTHOR_EMAIL: email,
    GIT_COMMITTER_NAME: author,
    GIT_COMMITTER_EMAIL: email,
  });
}

function runBundle(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['runner.cjs'], {
      cwd: work,
      env: { PATH: process.env.PATH ?? '', DSN: server.dsn, RELEASE: VERSION },
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
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const api = async <T>(path: string): Promise<T> => {
  const res = await server.api(`/api/0/organizations/${server.org}${path}`);
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
};
const releasePath = `/releases/${encodeURIComponent(VERSION)}/`;

let event: ApiEvent;

beforeAll(async () => {
  server = await startStoreServer();
  work = mkdtempSync(join(tmpdir(), 'dexter-sentry-cli-'));
  mkdirSync(join(work, 'home'));
  mkdirSync(join(work, 'src'));
  projectSlug = (await api<Array<{ id: string; slug: string }>>('/projects/')).find(
    (p) => p.id === server.projectId,
  )!.slug;

  await git(['init', '-q', '-b', 'main']);
  await git(['remote', 'add', 'origin', 'https://github.com/acme/shop.git']);
  await commit('src/checkout.ts', CHECKOUT_TS, 'Ada Lovelace', 'ada@example.com', 'feat: checkout');
  await commit('src/main.ts', MAIN_TS, 'Grace Hopper', 'grace@example.com', 'feat: entry point');

  await cli('releases', 'new', VERSION);
  await cli('releases', 'set-commits', VERSION, '--local');
  await build({
    entryPoints: [join(work, 'src/main.ts')],
    outfile: join(work, 'dist/app.min.js'),
    bundle: true,
    minify: true,
    sourcemap: true,
    format: 'cjs',
    platform: 'node',
    logLevel: 'silent',
  });
  await cli('sourcemaps', 'inject', 'dist');
  await cli('sourcemaps', 'upload', 'dist', '--release', VERSION, '--wait');
  await cli('releases', 'finalize', VERSION);
  await cli('deploys', 'new', '--release', VERSION, '-e', 'production');

  writeFileSync(join(work, 'runner.cjs'), RUNNER_CJS);
  const crash = await runBundle();
  expect(crash.code, crash.stderr).toBe(0);
  const eventId = /EVENT ([0-9a-f]{32})/.exec(crash.stdout)?.[1];
  expect(eventId, crash.stdout + crash.stderr).toBeDefined();
  await server.store.drain();
  const [issue] = await api<Array<{ id: string }>>('/issues/?query=');
  event = await api<ApiEvent>(`/issues/${issue!.id}/events/${eventId}/`);
}, 60_000);

afterAll(async () => {
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

const exceptionOf = (e: ApiEvent) => e.entries.find((entry) => entry.type === 'exception')!.data.values![0]!;

describe('sentry-cli 3.8 pipeline against the built-in store', () => {
  it('injected debug IDs into the bundle and its map', () => {
    const script = readFileSync(join(work, 'dist/app.min.js'), 'utf8');
    const map = JSON.parse(readFileSync(join(work, 'dist/app.min.js.map'), 'utf8')) as { debugId?: string };
    expect(script).toMatch(/\/\/# debugId=[0-9a-f-]{36}\s*$/);
    expect(map.debugId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('shows the original file, line, function and source line of the crash', () => {
    const frames = exceptionOf(event).stacktrace.frames;
    const crash = frames.at(-1)!;
    expect(crash).toMatchObject({
      filename: 'src/checkout.ts',
      lineNo: 7,
      function: 'validateCart',
      inApp: true,
    });
    expect(crash.absPath).toBe(join(work, 'src/checkout.ts'));
    expect(crash.context).toContainEqual([7, "    throw new Error('Cart is empty');"]);
    expect(crash.context).toContainEqual([5, 'export function validateCart(cart: Cart): number {']);
    const caller = frames.at(-2)!;
    expect(caller).toMatchObject({ filename: 'src/checkout.ts', lineNo: 13, function: 'checkout' });
    expect(caller.context).toContainEqual([13, '  const count = validateCart(cart);']);
    expect(frames.at(-3)).toMatchObject({ filename: 'src/main.ts', lineNo: 4, function: 'run' });
  });

  it('keeps the minified frames as rawStacktrace', () => {
    const raw = exceptionOf(event).rawStacktrace!.frames;
    const crash = raw.at(-1)!;
    expect(crash.absPath ?? crash.filename).toBe(join(work, 'dist/app.min.js'));
    expect(crash.function).not.toBe('validateCart');
    expect(crash.lineNo).toBeLessThanOrEqual(3);
    expect(raw).toHaveLength(exceptionOf(event).stacktrace.frames.length);
  });

  it('recorded the release, finalized, with the commits and authors of the git repository', async () => {
    const release = await api<{
      version: string;
      dateReleased: string | null;
      commitCount: number;
      authors: Array<{ name: string; email: string }>;
    }>(releasePath);
    expect(release.version).toBe(VERSION);
    expect(release.dateReleased).not.toBeNull();
    expect(release.commitCount).toBe(2);
    expect(release.authors.map((a) => a.email).sort()).toEqual(['ada@example.com', 'grace@example.com']);
    const commits = await api<Array<{ message: string; author: { name: string } }>>(`${releasePath}commits/`);
    // sentry-cli sends each message as git prints it, with its final newline.
    expect(commits.map((c) => [c.message.trim(), c.author.name])).toEqual([
      ['feat: entry point', 'Grace Hopper'],
      ['feat: checkout', 'Ada Lovelace'],
    ]);
  });

  it('recorded the production deploy and lists the uploaded files of the release', async () => {
    const deploys = await api<Array<{ environment: string }>>(`${releasePath}deploys/`);
    expect(deploys.map((d) => d.environment)).toEqual(['production']);
    const files = await api<Array<{ name: string; headers: Record<string, string> }>>(`${releasePath}files/`);
    expect(files.map((f) => f.name).sort()).toEqual(['~/app.min.js', '~/app.min.js.map']);
    expect(files.find((f) => f.name === '~/app.min.js')!.headers['debug-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
