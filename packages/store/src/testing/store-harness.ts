/**
 * Test harness: the store mounted on a bare Fastify server on 127.0.0.1, port 0, in a fresh
 * temporary data directory, bootstrapped. Records the content-encoding of every ingest request so
 * tests can prove what the SDK sent on the wire.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { createStore, type StoreOptions } from '../store';

export interface StoreServer {
  url: string;
  dataDir: string;
  org: string;
  token: string;
  projectId: string;
  publicKey: string;
  dsn: string;
  encodings: string[];
  store: Awaited<ReturnType<typeof createStore>>;
  api(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export async function startStoreServer(options: Partial<StoreOptions> = {}): Promise<StoreServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'dexter-store-'));
  let url = '';
  const store = await createStore({ publicUrl: () => url, ...options, dataDir });
  // Node's default 16 KiB header cap would answer 431 to a bulk URL with ~2,000 ids before the
  // store could apply its own 1,000-id limit; tests of that limit need to reach the store.
  const app = Fastify({ logger: false, http: { maxHeaderSize: 64 * 1024 } });
  const encodings: string[] = [];
  app.addHook('onRequest', async (request) => {
    if (request.method === 'POST') encodings.push(String(request.headers['content-encoding'] ?? 'identity'));
  });
  await app.register(store.plugin);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const bootstrap = await store.bootstrap({ publicUrl: url });
  const project = bootstrap.projects[0]!;
  const publicKey = new URL(project.dsn).username;
  return {
    url,
    dataDir,
    org: bootstrap.org,
    token: bootstrap.token,
    projectId: project.id,
    publicKey,
    dsn: project.dsn,
    encodings,
    store,
    api: (path, init) =>
      fetch(`${url}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${bootstrap.token}`, ...(init?.headers ?? {}) },
      }),
    async close() {
      await app.close();
      await store.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
