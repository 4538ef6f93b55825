/**
 * The real `@sentry/node` SDK, in a child process, tracks four sessions of three users, one of
 * which crashes; the store's release health must say so.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR_MS, type ReleaseHealth, releaseHealth } from '../../api/sessions/release-health';
import { type StoreServer, startStoreServer } from '../../testing/store-harness';

const senderPath = join(dirname(fileURLToPath(import.meta.url)), 'sdk-session-sender.ts');

function runSender(dsn: string) {
  return new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', senderPath], {
      env: { ...process.env, SENTRY_DSN: dsn },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

let server: StoreServer;
let health: ReleaseHealth;

beforeAll(async () => {
  server = await startStoreServer();
  const run = await runSender(server.dsn);
  expect(run.code, run.stderr).toBe(0);
  await server.store.drain();
  const now = Date.now();
  health = await releaseHealth(server.store.db, {
    org: server.org,
    since: now - HOUR_MS,
    until: now + HOUR_MS,
    interval: HOUR_MS,
  });
}, 60_000);
afterAll(() => server.close());

describe('release health from @sentry/node sessions', () => {
  it('counts each session once, under the SDK’s release and environment', () => {
    expect(health.groups).toHaveLength(1);
    expect(health.groups[0]).toMatchObject({
      release: 'health@1.0.0',
      environment: 'sdk',
      sessions: 4,
      crashed: 1,
      errored: 2,
      users: 3,
      crashedUsers: 1,
      adoption: 1,
    });
  });

  it('computes crash-free rates that match the sessions sent', () => {
    expect(health.groups[0]!.crashFreeSessions).toBeCloseTo(3 / 4);
    expect(health.groups[0]!.crashFreeUsers).toBeCloseTo(2 / 3);
  });
});
