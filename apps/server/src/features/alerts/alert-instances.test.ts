/**
 * Two Dexter instances on one database deliver each action of each firing once: both read the
 * same firings (the outbox queues each once) and both claim due deliveries at the same moments
 * (the lease lets one of them win each row). Each instance here has its own connection to the same
 * SQLite file, as two processes would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlertFire, StoreAlertsPort } from '@dexter/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDexterDatabase } from '../../db/database';
import { createAlertDispatcher } from './alert-dispatcher';
import { createAlertOutbox } from './alert-outbox';

let dataDir: string;
const closers: Array<() => Promise<void>> = [];

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'dexter-alert-instances-'));
});
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  rmSync(dataDir, { recursive: true, force: true });
});

const fires: AlertFire[] = Array.from({ length: 40 }, (_, i) => ({
  id: i + 1,
  ruleId: 3,
  ruleName: 'Busy',
  org: 'acme',
  project: 'shop',
  issueId: String(i + 1),
  shortId: `SHOP-${i + 1}`,
  title: `Error ${i + 1}`,
  culprit: '',
  level: 'error',
  eventId: `e${i + 1}`,
  firedAt: 1_000,
  actions: [{ type: 'webhook', url: 'https://hooks.example.com/a' }, { type: 'in_app' }],
  reason: { summary: 'a new issue', triggers: [{ type: 'new_issue' }] },
  metric: null,
}));

const port: StoreAlertsPort = {
  onFired: () => () => {},
  firesAfter: async (after, limit) => fires.filter((f) => f.id > after).slice(0, limit),
  latestFireId: async () => fires.length,
  memberEmail: async () => null,
  previewMetric: async () => null,
  evaluateMetrics: async () => 0,
};

async function instance(sent: string[]) {
  const opened = await openDexterDatabase(dataDir);
  closers.push(opened.close);
  return createAlertDispatcher({
    port,
    outbox: createAlertOutbox(opened.db),
    senders: {
      webhook: async (_url, payload) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        sent.push(`webhook ${payload.delivery}`);
      },
      email: async () => {},
      inApp: async (_org, payload) => {
        sent.push(`in_app ${payload.delivery}`);
      },
    },
    now: () => 5_000,
    publicUrl: () => 'http://dexter.test',
    retryBaseMs: 1_000,
    maxAttempts: 3,
    pollMs: 60_000,
    log: { warn: () => {}, error: () => {} },
  });
}

describe('two instances on one database', () => {
  it('deliver every action of every firing exactly once between them', async () => {
    const first: string[] = [];
    const second: string[] = [];
    const a = await instance(first);
    const b = await instance(second);
    await Promise.all([a.kick(), b.kick(), a.kick(), b.kick()]);
    const all = [...first, ...second].sort();
    expect(all).toHaveLength(80);
    expect(new Set(all).size).toBe(80);
  });
});
