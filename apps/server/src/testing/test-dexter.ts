/** Starts a real Dexter (standalone, port 0, fresh data dir, silent logs) for server tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/config';
import { type RunningDexter, startDexter } from '../start-dexter';

export interface TestDexter extends RunningDexter {
  dataDir: string;
  /** `fetch` against this server. */
  request(path: string, init?: RequestInit): Promise<Response>;
}

export async function startTestDexter(env: Record<string, string> = {}): Promise<TestDexter> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dexter-server-'));
  const config = loadConfig(
    {
      PORT: '0',
      HOST: '127.0.0.1',
      DEXTER_DATA_DIR: dataDir,
      DEXTER_DEMO: 'false',
      LOG_LEVEL: 'silent',
      ...env,
    },
    process.cwd(),
  );
  const dexter = await startDexter(config);
  const closeDexter = dexter.close.bind(dexter);
  return Object.assign(dexter, {
    dataDir,
    request: (path: string, init?: RequestInit) => fetch(`${dexter.url}${path}`, init),
    async close() {
      await closeDexter();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}
