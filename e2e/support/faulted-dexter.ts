/**
 * A Dexter for browser tests of failures: a built-in store in the test process plays Sentry, a
 * fault proxy sits between it and Dexter (companion mode, Dexter as its own process, the way it
 * runs in production), and a Chromium page. Tests seed the store directly, make the upstream
 * misbehave through the proxy, and check the store for what really changed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type StoreServer, startStoreServer } from '@dexter/store/testing';
import type { Page } from 'playwright-core';
import { type FaultProxy, startFaultProxy } from '../../apps/server/src/testing/fault-proxy';
import { type SpawnedDexter, spawnDexter } from '../../apps/server/src/testing/spawn-dexter';
import { launchBrowser } from './browser';

export interface FaultedBrowserDexter {
  store: StoreServer;
  proxy: FaultProxy;
  dexter: SpawnedDexter;
  dataDir: string;
  page: Page;
  close(): Promise<void>;
}

/** `seed` fills the store before Dexter starts, so the first stream already shows the issues. */
export async function startFaultedBrowserDexter(
  name: string,
  seed: (store: StoreServer) => Promise<void>,
): Promise<FaultedBrowserDexter> {
  const store = await startStoreServer();
  await seed(store);
  const proxy = await startFaultProxy(store.url);
  const dataDir = mkdtempSync(join(tmpdir(), `dexter-e2e-${name}-`));
  const dexter = await spawnDexter({
    DEXTER_DATA_DIR: dataDir,
    SENTRY_URL: proxy.url,
    SENTRY_TOKEN: store.token,
    SENTRY_ORG: store.org,
    DEXTER_ALLOW_PRIVATE_URLS: 'true',
  });
  const browser = await launchBrowser();
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  return {
    store,
    proxy,
    dexter,
    dataDir,
    page,
    async close() {
      await browser.close();
      await dexter.stop();
      await proxy.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
