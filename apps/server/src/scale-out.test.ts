/**
 * Scale-out acceptance (issue 21, docs/scale-out.md): two real Dexter processes (the shipped
 * bundle) behind a small round-robin reverse proxy, on one real PostgreSQL and one real Redis, in
 * companion mode over a built-in store. Through the proxy a user is throttled by the back-off both
 * instances share, signs in, and the session works on each instance; a change made on one reaches
 * the sockets of both. A bulk job is started, and the instance running it is killed (SIGKILL)
 * with a chunk in flight, which the upstream then applies: the other instance takes the job over
 * once its lease expires, finds the chunk in doubt already applied, and finishes, so every issue
 * is changed exactly once. The survivor's poller then tells its socket of a new issue.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BulkJob } from '@dexter/contracts';
import {
  envelopeOf,
  postEnvelope,
  type StoreServer,
  startStoreServer,
  testEvent,
} from '@dexter/store/testing';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDexterDatabase } from './db/database';
import { hashPassword } from './security/password-hash';
import { ingestIssues, waitForJob } from './testing/bulk-test-helpers';
import { type LiveTestSocket, openLiveSocket } from './testing/live-test-socket';
import { type PostgresServer, startPostgresServer } from './testing/postgres-server';
import { type RedisServer, startRedisServer } from './testing/redis-server';
import { builtServer, type SpawnedDexter, spawnDexter } from './testing/spawn-dexter';
import { createTestClient, type TestClient } from './testing/test-client';

// One chunk of 1,000 held in flight when its instance dies, and one more for the survivor to send.
const TOTAL = 1101;
const PASSWORD = 'scale-out admin password 42';
const dataDirs: string[] = [];
const sockets: LiveTestSocket[] = [];

let postgres: PostgresServer;
let redis: RedisServer;
let store: StoreServer;
let gate: UpstreamGate;
let balancer: Balancer;
let databaseUrl: string;
let instances: SpawnedDexter[] = [];

const readBody = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

/** Sends one buffered request to `base`; rejects only when no answer came (refused, reset). */
function forward(base: string, req: IncomingMessage, body: Buffer) {
  const target = new URL(base);
  return new Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }>(
    (resolve, reject) => {
      const out = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: target.host, 'content-length': String(body.length) },
          agent: false,
        },
        (answer) => {
          readBody(answer).then(
            (data) => resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: data }),
            reject,
          );
        },
      );
      out.on('error', reject);
      out.end(body);
    },
  );
}

interface UpstreamGate {
  url: string;
  /** Successful bulk PUTs per issue id: what the upstream actually applied. */
  applied: Map<string, number>;
  requests: Array<{ method: string; path: string; at: number }>;
  /** Resolves when the first bulk PUT arrives; it is held until `release()`. */
  firstPut: Promise<void>;
  release(): void;
  close(): Promise<void>;
}

/** Between the instances and the store: counts what the store applied, and holds the 1st bulk PUT. */
async function startUpstreamGate(storeUrl: string): Promise<UpstreamGate> {
  const applied = new Map<string, number>();
  const requests: UpstreamGate['requests'] = [];
  let puts = 0;
  let arrived: () => void = () => {};
  let release: () => void = () => {};
  const firstPut = new Promise<void>((resolve) => (arrived = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const path = req.url ?? '/';
    requests.push({ method: req.method ?? 'GET', path, at: Date.now() });
    const bulkPut = req.method === 'PUT' && /\/organizations\/[^/]+\/issues\/\?/.test(path);
    if (bulkPut && ++puts === 1) {
      arrived();
      // Applied whatever becomes of the instance that sent it: the hard case for a takeover.
      await released;
    }
    const answer = await forward(storeUrl, req, body).catch(() => null);
    if (!answer) return void res.destroy();
    if (bulkPut && answer.status < 300)
      for (const id of new URLSearchParams(path.split('?')[1]).getAll('id'))
        applied.set(id, (applied.get(id) ?? 0) + 1);
    if (res.destroyed) return;
    const { 'transfer-encoding': _chunked, ...headers } = answer.headers;
    res.writeHead(answer.status, { ...headers, 'content-length': String(answer.body.length) });
    res.end(answer.body);
  });
  return {
    url: await listen(server),
    applied,
    requests,
    firstPut,
    release,
    close: () => closeServer(server),
  };
}

interface Balancer {
  url: string;
  /** Which backend answered each request, in order. */
  served: string[];
  close(): Promise<void>;
}

/** The reverse proxy: round-robin; a backend that refuses the connection is skipped (it died). */
async function startBalancer(backends: () => string[]): Promise<Balancer> {
  let next = 0;
  const served: string[] = [];
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const all = backends();
    for (let tried = 0; tried < all.length; tried++) {
      const backend = all[next++ % all.length]!;
      const answer = await forward(backend, req, body).catch(() => null);
      if (!answer) continue;
      served.push(backend);
      const { 'transfer-encoding': _chunked, ...headers } = answer.headers;
      res.writeHead(answer.status, { ...headers, 'content-length': String(answer.body.length) });
      return void res.end(answer.body);
    }
    res.writeHead(502).end();
  });
  return { url: await listen(server), served, close: () => closeServer(server) };
}

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dexter-scale-out-'));
  dataDirs.push(dir);
  return dir;
}

function startInstance(): Promise<SpawnedDexter> {
  return spawnDexter({
    SENTRY_URL: gate.url,
    SENTRY_TOKEN: store.token,
    SENTRY_ORG: store.org,
    DEXTER_ALLOW_PRIVATE_URLS: 'true',
    DEXTER_UPSTREAM_RATE: '100000',
    DEXTER_DATA_DIR: dataDir(),
    DEXTER_DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    DEXTER_SECRET_KEY: '5c'.repeat(32),
    DEXTER_LEASE_TTL_MS: '2000',
    DEXTER_UPSTREAM_TIMEOUT_MS: '4000',
    DEXTER_LIVE_POLL_MS: '1000',
  });
}

async function query<T>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Bounded wait for a condition that has no event to wait on. */
async function until<T>(
  find: () => Promise<T | undefined> | T | undefined,
  what: string,
  timeoutMs = 30_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const signIn = (client: TestClient, username: string, password: string) =>
  client.request('/api/v1/auth/sign-in', {
    method: 'POST',
    body: JSON.stringify({ username, password }),
  });

/** A client of one instance holding the session cookies that `from` got through the proxy. */
function sameSessionOn(url: string, from: TestClient): TestClient {
  const client = createTestClient(url);
  for (const [name, value] of from.cookies) client.cookies.set(name, value);
  return client;
}

beforeAll(async () => {
  [postgres, redis, store] = await Promise.all([
    startPostgresServer(),
    startRedisServer(),
    startStoreServer(),
    builtServer(),
  ]);
  databaseUrl = await postgres.createDatabase();
  gate = await startUpstreamGate(store.url);
  const seeding = ingestIssues(
    { url: store.url, project: { id: store.projectId, publicKey: store.publicKey } },
    TOTAL,
    's',
  );
  // The schema and the admin exist before the instances start, so both start at once (as a
  // deployment would after its first start) and neither makes a first-run admin.
  const opened = await openDexterDatabase(dataDir(), databaseUrl);
  const at = Date.now();
  await opened.db
    .insertInto('users')
    .values({
      username: 'admin',
      display_name: 'Administrator',
      email: null,
      role: 'admin',
      password_hash: await hashPassword(PASSWORD),
      must_change_password: 0,
      oidc_subject: null,
      disabled_at: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  await opened.close();
  instances = await Promise.all([startInstance(), startInstance()]);
  await seeding;
  balancer = await startBalancer(() => instances.map((instance) => instance.url));
}, 180_000);

afterAll(async () => {
  for (const socket of sockets) socket.close();
  gate?.release();
  await Promise.all(instances.map((instance) => instance.stop()));
  await balancer?.close();
  await gate?.close();
  await store?.close();
  await redis?.stop();
  await postgres?.stop();
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

it('shares sessions, back-off and live events, and takes a killed instance’s bulk job over', async () => {
  const [a, b] = instances as [SpawnedDexter, SpawnedDexter];
  const org = store.org;

  // The back-off counts the failures on both instances: alone, neither would have refused yet.
  const guesser = createTestClient(balancer.url);
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) statuses.push((await signIn(guesser, 'nobody', `guess ${i}`)).status);
  expect(statuses).toEqual([401, 401, 401, 401, 429]);
  expect(new Set(balancer.served)).toEqual(new Set([a.url, b.url]));

  // Signed in through the proxy, the session is valid on each instance.
  const user = createTestClient(balancer.url);
  expect((await signIn(user, 'admin', PASSWORD)).status).toBe(200);
  for (const instance of [a, b])
    expect((await sameSessionOn(instance.url, user).request('/api/v1/auth/session')).status).toBe(200);

  // A change made on A reaches the sockets of both.
  const [onA, onB] = await Promise.all([
    openLiveSocket(a.url, sameSessionOn(a.url, user)),
    openLiveSocket(b.url, sameSessionOn(b.url, user)),
  ]);
  sockets.push(onA, onB);
  await Promise.all([onA.subscribe(`org:${org}`), onB.subscribe(`org:${org}`)]);
  const list = await user.request(`/api/v1/organizations/${org}/issues?query=&limit=1`);
  const [first] = ((await list.json()) as { issues: Array<{ id: string }> }).issues;
  const resolved = await sameSessionOn(a.url, user).request(
    `/api/v1/organizations/${org}/issues/${first!.id}`,
    {
      method: 'PUT',
      body: JSON.stringify({ status: 'resolved' }),
    },
  );
  expect(resolved.status).toBe(200);
  const updated = (m: { type: string }) =>
    m.type === 'issue.updated' && 'issueId' in m && m.issueId === first!.id;
  await Promise.all([onB.waitFor(updated, 10_000), onA.waitFor(updated, 10_000)]);

  // A bulk job over every other issue; its owner is killed with its first chunk in flight.
  const created = await user.request(`/api/v1/organizations/${org}/bulk-jobs`, {
    method: 'POST',
    body: JSON.stringify({ query: 'is:unresolved', action: { status: 'resolved' } }),
  });
  expect(created.status).toBe(202);
  const jobPath = `/api/v1/organizations/${org}/bulk-jobs/${((await created.json()) as BulkJob).id}`;
  await gate.firstPut;
  const jobId = jobPath.split('/').at(-1);
  const [lease] = await query<{ owner: string }>('select owner from leases where name = $1', [
    `bulk-job:${jobId}`,
  ]);
  const ownerPid = Number(/:(\d+):[0-9a-f]+$/.exec(lease!.owner)?.[1]);
  const owner = instances.find((instance) => instance.child.pid === ownerPid)!;
  const survivor = owner === a ? b : a;
  expect(owner).toBeDefined();
  owner.child.kill('SIGKILL');
  await owner.stop();
  instances = [survivor];
  gate.release();

  const job = await waitForJob(user.request, jobPath, (j) => j.state === 'completed', 60_000);
  expect(job).toMatchObject({ total: TOTAL - 1, done: TOTAL - 1, failed: 0, pending: 0 });
  // Every issue of the job applied by the upstream exactly once, the in-doubt chunk included.
  expect(gate.applied.size).toBe(TOTAL - 1);
  expect([...gate.applied.values()].every((times) => times === 1)).toBe(true);
  expect(gate.applied.has(first!.id)).toBe(false);
  const activities = await store.store.db
    .selectFrom('activities')
    .select(['issue_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('type', '=', 'set_resolved')
    .groupBy('issue_id')
    .execute();
  expect(activities).toHaveLength(TOTAL);
  expect(activities.every((row) => Number(row.n) === 1)).toBe(true);

  // The session still works (through the proxy, now only the survivor), and the survivor's poller
  // (its lease taken over if the dead instance held it) tells its socket of a new issue.
  expect((await user.request('/api/v1/auth/session')).status).toBe(200);
  const onSurvivor = survivor === a ? onA : onB;
  const polling = await until(async () => {
    const [poller] = await query<{ owner: string; expires_at: number }>(
      "select owner, expires_at from leases where name = 'live-poller'",
    );
    return poller?.owner.includes(`:${survivor.child.pid}:`) ? Date.now() : undefined;
  }, 'the survivor holding the poller lease');
  // Its first poll as leader is a baseline: the new issue must come after it to be news.
  await until(
    () =>
      gate.requests.some(
        (r) =>
          r.at > polling &&
          r.method === 'GET' &&
          r.path.includes('/issues/?') &&
          r.path.includes('limit=100'),
      ) || undefined,
    'a poll by the survivor',
  );
  const sent = await postEnvelope(
    store.url,
    store.projectId,
    store.publicKey,
    envelopeOf(testEvent({ fingerprint: ['after-the-kill'], value: 'after the kill' })),
  );
  expect(sent.status).toBe(200);
  const news = await onSurvivor.waitFor((m) => m.type === 'issue.created', 20_000);
  expect(news).toMatchObject({ type: 'issue.created', org });
}, 120_000);
