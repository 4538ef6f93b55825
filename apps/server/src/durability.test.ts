/**
 * An event acknowledged with 200 survives a crash: the real SDK streams errors into a Dexter
 * process, the process is killed with SIGKILL mid-stream, and after a restart every event the
 * SDK saw acknowledged is in the store.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Bootstrap, spawnSdkSender } from '@dexter/store/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnDexter } from './testing/spawn-dexter';

const dataDir = mkdtempSync(join(tmpdir(), 'dexter-durability-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const readBootstrap = () => JSON.parse(readFileSync(join(dataDir, 'bootstrap.json'), 'utf8')) as Bootstrap;

async function allEventIds(url: string, bootstrap: Bootstrap): Promise<Set<string>> {
  const headers = { authorization: `Bearer ${bootstrap.token}` };
  const ids = new Set<string>();
  const issues = (await (
    await fetch(`${url}/api/0/organizations/${bootstrap.org}/issues/?query=`, { headers })
  ).json()) as Array<{
    id: string;
  }>;
  for (const issue of issues) {
    let next: string | null = `${url}/api/0/organizations/${bootstrap.org}/issues/${issue.id}/events/`;
    while (next) {
      const res: Response = await fetch(next, { headers });
      for (const event of (await res.json()) as Array<{ eventID: string }>) ids.add(event.eventID);
      const link = /<([^>]+)>; rel="next"; results="true"/.exec(res.headers.get('link') ?? '');
      next = link ? link[1]! : null;
    }
  }
  return ids;
}

describe('durability', () => {
  it('keeps every acknowledged event across a SIGKILL of the server', async () => {
    const first = await spawnDexter({ DEXTER_DATA_DIR: dataDir });
    const sender = spawnSdkSender(readBootstrap().projects[0]!.dsn, 'stream');
    const acked = new Set<string>();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${acked.size} events acknowledged`)), 60_000);
      sender.stdout?.on('data', (chunk: Buffer) => {
        for (const [, id] of chunk.toString().matchAll(/ACK ([0-9a-f]{32})/g)) acked.add(id!);
        if (acked.size >= 300) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    // Crash the server while the SDK is still sending.
    first.child.kill('SIGKILL');
    await first.stop();
    sender.kill('SIGKILL');
    const acknowledged = [...acked];

    const second = await spawnDexter({ DEXTER_DATA_DIR: dataDir });
    try {
      const stored = await allEventIds(second.url, readBootstrap());
      const missing = acknowledged.filter((id) => !stored.has(id));
      expect(missing).toEqual([]);
      expect(stored.size).toBeGreaterThanOrEqual(300);
    } finally {
      await second.stop();
    }
  }, 120_000);
});
