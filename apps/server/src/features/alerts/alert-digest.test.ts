/**
 * Digests: the firings of a webhook action with `digestMinutes` are collected in one outbox row
 * and posted as one message when the window closes; the next firing opens the next digest. Runs
 * the dispatcher over Dexter's real database (outbox) with a fake store port and clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlertFire, StoreAlertsPort } from '@dexter/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDexterDatabase } from '../../db/database';
import { createAlertDispatcher } from './alert-dispatcher';
import { createAlertOutbox } from './alert-outbox';
import type { AlertDigestPayload, AlertPayload } from './alert-payload';

let dataDir: string;
let close: () => Promise<void>;
let outbox: ReturnType<typeof createAlertOutbox>;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'dexter-alert-digest-'));
  const opened = await openDexterDatabase(dataDir);
  close = opened.close;
  outbox = createAlertOutbox(opened.db);
});
afterEach(async () => {
  await close();
  rmSync(dataDir, { recursive: true, force: true });
});

const fireOf = (id: number, at: number): AlertFire => ({
  id,
  ruleId: 7,
  ruleName: 'Noisy checkout',
  org: 'acme',
  project: 'shop',
  issueId: String(100 + id),
  shortId: `SHOP-${id}`,
  title: `Error ${id}`,
  culprit: 'checkout',
  level: 'error',
  eventId: `e${id}`,
  firedAt: at,
  actions: [{ type: 'webhook', url: 'https://hooks.example.com/a', digestMinutes: 10 }, { type: 'in_app' }],
  reason: { summary: 'a new issue', triggers: [{ type: 'new_issue' }] },
  metric: null,
});

describe('webhook digests', () => {
  it('collect many firings into one message per window', async () => {
    let now = 1_000_000;
    const fires: AlertFire[] = [];
    const port: StoreAlertsPort = {
      onFired: () => () => {},
      firesAfter: async (after, limit) => fires.filter((f) => f.id > after).slice(0, limit),
      latestFireId: async () => fires.at(-1)?.id ?? 0,
      memberEmail: async () => null,
      previewMetric: async () => null,
      evaluateMetrics: async () => 0,
    };
    const posted: Array<AlertPayload | AlertDigestPayload> = [];
    const inApp: string[] = [];
    const dispatcher = createAlertDispatcher({
      port,
      outbox,
      senders: {
        webhook: async (_url, payload) => {
          posted.push(payload);
        },
        email: async () => {},
        inApp: async (_org, payload) => {
          inApp.push(payload.delivery);
        },
      },
      now: () => now,
      publicUrl: () => 'http://dexter.test',
      retryBaseMs: 1_000,
      maxAttempts: 3,
      pollMs: 60_000,
      log: { warn: () => {}, error: () => {} },
    });

    for (let id = 1; id <= 5; id++) {
      fires.push(fireOf(id, now));
      await dispatcher.kick();
      now += 30_000;
    }
    // In-app goes out at once; the webhook waits for its window.
    expect(inApp).toHaveLength(5);
    expect(posted).toHaveLength(0);

    now = 1_000_000 + 10 * 60_000 + 1;
    await dispatcher.kick();
    expect(posted).toHaveLength(1);
    const digest = posted[0] as AlertDigestPayload;
    expect(digest).toMatchObject({ action: 'digest', rule: { id: '7', name: 'Noisy checkout' }, count: 5 });
    expect(digest.firings.map((f) => f.issue.shortId)).toEqual([
      'SHOP-1',
      'SHOP-2',
      'SHOP-3',
      'SHOP-4',
      'SHOP-5',
    ]);

    // Read again (a restart, a second instance): nothing is collected or sent twice.
    await dispatcher.kick();
    expect(posted).toHaveLength(1);

    fires.push(fireOf(6, now));
    await dispatcher.kick();
    expect(posted).toHaveLength(1);
    now += 10 * 60_000 + 1;
    await dispatcher.kick();
    expect(posted).toHaveLength(2);
    expect(posted[1]).toMatchObject({ action: 'digest', count: 1 });
    const history = await outbox.list({ org: 'acme', ruleId: 7, limit: 100 });
    expect(history.filter((row) => row.kind === 'webhook').map((row) => row.status)).toEqual([
      'delivered',
      'delivered',
    ]);
  });
});
