/**
 * The evaluator skips counting a window while the last exact count plus the events stored
 * since cannot pass the lowest open threshold. These tests hold it to exact counting: a sliding
 * window counts again once events left it, and events another store wrote to the same database
 * count too (the bound reads `times_seen` from the database, not from this process).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LEGACY_IDS } from '@dexter/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopeOf, postEnvelope, testEvent } from '../testing/envelopes';
import { type StoreServer, startStoreServer } from '../testing/store-harness';

// Event times well in the past, so the store takes them as sent; the stores' clock is the test's.
const T0 = Date.now() - 3_600_000;
let clock = T0;
const now = () => clock;

describe('count bounds', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dexter-alert-bounds-'));
  let first: StoreServer;
  let second: StoreServer;
  let ruleId = '';

  beforeAll(async () => {
    first = await startStoreServer({ dataDir, now });
    second = await startStoreServer({ dataDir, now });
    const slug = await first.store.db
      .selectFrom('projects')
      .select('slug')
      .where('id', '=', Number(first.projectId))
      .executeTakeFirstOrThrow();
    const created = await first.api(`/api/0/projects/${first.org}/${slug.slug}/rules/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'More than 4 in a minute',
        frequency: 60,
        actionMatch: 'any',
        filterMatch: 'all',
        conditions: [{ id: LEGACY_IDS.frequency, value: 4, interval: '1m' }],
        filters: [],
        actions: [
          {
            id: LEGACY_IDS.sentryApp,
            sentryAppInstallationUuid: 'dexter',
            settings: [{ name: 'kind', value: 'in_app' }],
          },
        ],
      }),
    });
    expect(created.status).toBe(201);
    ruleId = ((await created.json()) as { id: string }).id;
  });
  afterAll(async () => {
    await second.close();
    await first.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function send(server: StoreServer, count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const event = testEvent({ at: clock, fingerprint: ['bounded'] });
      const response = await postEnvelope(server.url, server.projectId, server.publicKey, envelopeOf(event));
      expect(response.status).toBe(200);
    }
    await server.store.drain();
  }

  const fires = async () =>
    (await first.store.alerts.firesAfter(0, 100)).filter((fire) => String(fire.ruleId) === ruleId);

  it('counts again after events left the window, and counts what another store wrote', async () => {
    await send(first, 3);
    expect(await fires()).toHaveLength(0);

    // 70 s later the first three are out of the minute: 6 events in all, 3 in the window.
    clock = T0 + 70_000;
    await send(first, 3);
    expect(await fires()).toHaveLength(0);

    // The other store's event makes 4 in the window (not more than 4); this store's next makes 5.
    // Counting only what this store wrote since its last count would say 4, and miss it.
    await send(second, 1);
    expect(await fires()).toHaveLength(0);
    await send(first, 1);
    const fired = await fires();
    expect(fired).toHaveLength(1);
    expect(fired[0]!.reason.triggers).toEqual([{ type: 'frequency', value: 4, window: '1m', count: 5 }]);
  });
});
