/**
 * The fault harness for upstream acceptance tests: a built-in store (the "Sentry"), a fault proxy
 * in front of it, and Dexter in companion mode pointed at the proxy, signed in as admin.
 */
import {
  envelopeOf,
  postEnvelope,
  type StoreServer,
  startStoreServer,
  testEvent,
} from '@dexter/store/testing';
import { type FaultProxy, startFaultProxy } from './fault-proxy';
import { startTestDexter, type TestDexter } from './test-dexter';

export interface FaultedSetup {
  store: StoreServer;
  proxy: FaultProxy;
  dexter: TestDexter;
  /** Requests that reached the store for this Sentry path prefix (after `/api/0`). */
  upstreamCalls(method: string, pathPrefix: string): number;
  close(): Promise<void>;
}

export async function seedIssues(store: StoreServer, count: number): Promise<void> {
  const sends = Array.from({ length: count }, (_, i) =>
    postEnvelope(
      store.url,
      store.projectId,
      store.publicKey,
      envelopeOf(testEvent({ fingerprint: [`bug-${i}`] })),
    ),
  );
  for (const res of await Promise.all(sends))
    if (res.status !== 200) throw new Error(`seed failed: ${res.status}`);
}

export async function startFaultedDexter(
  env: Record<string, string> = {},
  store?: StoreServer,
): Promise<FaultedSetup> {
  const upstreamStore = store ?? (await startStoreServer());
  const proxy = await startFaultProxy(upstreamStore.url);
  const dexter = await startTestDexter({
    SENTRY_URL: proxy.url,
    SENTRY_TOKEN: upstreamStore.token,
    SENTRY_ORG: upstreamStore.org,
    DEXTER_ALLOW_PRIVATE_URLS: 'true',
    DEXTER_RATE_LIMIT_PER_MINUTE: '1000000',
    ...env,
  });
  return {
    store: upstreamStore,
    proxy,
    dexter,
    upstreamCalls: (method, pathPrefix) =>
      proxy.forwarded.filter((r) => r.method === method && r.path.startsWith(`/api/0${pathPrefix}`)).length,
    async close() {
      await dexter.close();
      await proxy.close();
      if (!store) await upstreamStore.close();
    },
  };
}
