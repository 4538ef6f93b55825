/**
 * A Dexter process with demo data (sent by the real SDK) and a Chromium page, for browser tests
 * that start from what a new user sees. Waits until the demo issues are in the store, polling
 * the store's own API with the bootstrap token (Dexter's /api/v1 needs a signed-in user).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { type SpawnedDexter, spawnDexter } from '../../apps/server/src/testing/spawn-dexter';
import { launchBrowser } from './browser';

export interface DemoDexter {
  dexter: SpawnedDexter;
  dataDir: string;
  page: Page;
  close(): Promise<void>;
}

async function waitForDemoIssues(url: string, dataDir: string, minimum: number): Promise<void> {
  const { token } = JSON.parse(readFileSync(join(dataDir, 'bootstrap.json'), 'utf8')) as { token: string };
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const res = await fetch(`${url}/api/0/organizations/dexter/issues/?query=`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (res.ok && ((await res.json()) as unknown[]).length >= minimum) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('demo data did not arrive');
}

export async function startDemoDexter(name: string, minimumIssues = 8): Promise<DemoDexter> {
  const dataDir = mkdtempSync(join(tmpdir(), `dexter-e2e-${name}-`));
  const dexter = await spawnDexter({ DEXTER_DATA_DIR: dataDir, DEXTER_DEMO: 'true' });
  await waitForDemoIssues(dexter.url, dataDir, minimumIssues);
  const browser = await launchBrowser();
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  return {
    dexter,
    dataDir,
    page,
    async close() {
      await browser.close();
      await dexter.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
