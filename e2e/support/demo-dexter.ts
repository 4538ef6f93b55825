/**
 * A Dexter process with demo data (sent by the real SDK) and a Chromium page, for browser tests
 * that start from what a new user sees. Waits until the demo is wholly seeded, as its log says.
 */
import { mkdtempSync, rmSync } from 'node:fs';
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

/**
 * Until the demo is wholly seeded: its last sends (traces, the replay and their errors) come after
 * the first issues, and a test that counted the stream before them saw it grow under its feet.
 */
async function waitForDemoSeeded(dexter: SpawnedDexter): Promise<void> {
  const deadline = Date.now() + 150_000;
  while (Date.now() < deadline) {
    if (dexter.output().includes('demo data seeded')) return;
    if (dexter.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`demo data did not arrive:\n${dexter.output().slice(-4000)}`);
}

export async function startDemoDexter(name: string): Promise<DemoDexter> {
  const dataDir = mkdtempSync(join(tmpdir(), `dexter-e2e-${name}-`));
  // Info logs for the seed's last line ('demo data seeded'); request lines are debug.
  const dexter = await spawnDexter({ DEXTER_DATA_DIR: dataDir, DEXTER_DEMO: 'true', LOG_LEVEL: 'info' });
  await waitForDemoSeeded(dexter);
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
