/**
 * A bulk job survives a restart: started against a slowed upstream, Dexter is closed while the
 * job is midway, and a new Dexter on the same data directory resumes and completes it. Every
 * issue is resolved, and sent to Sentry exactly once across both runs (the chunk in flight at
 * shutdown finishes and is recorded before Dexter stops).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BulkJob } from '@dexter/contracts';
import { type StoreServer, startStoreServer } from '@dexter/store/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bulkPuts, ingestIssues, waitForJob } from '../../testing/bulk-test-helpers';
import { type FaultProxy, startFaultProxy } from '../../testing/fault-proxy';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';

const TOTAL = 2500;
let store: StoreServer;
let proxy: FaultProxy;
const dataDir = mkdtempSync(join(tmpdir(), 'dexter-bulk-resume-'));
const running: TestDexter[] = [];

const startDexter = async () => {
  const dexter = await startTestDexter({
    SENTRY_URL: proxy.url,
    SENTRY_TOKEN: store.token,
    SENTRY_ORG: store.org,
    DEXTER_ALLOW_PRIVATE_URLS: 'true',
    DEXTER_UPSTREAM_RATE: '100000',
    DEXTER_DATA_DIR: dataDir,
  });
  running.push(dexter);
  return dexter;
};

beforeAll(async () => {
  store = await startStoreServer();
  proxy = await startFaultProxy(store.url);
  await ingestIssues(
    { url: store.url, project: { id: store.projectId, publicKey: store.publicKey } },
    TOTAL,
    'r',
  );
}, 180_000);
afterAll(async () => {
  for (const dexter of running) await dexter.close().catch(() => {});
  await proxy.close();
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it('resumes a job interrupted by a restart, and applies every issue exactly once', async () => {
  // Each bulk PUT takes two seconds: the job is certainly midway when Dexter is stopped.
  proxy.setFault(({ method }) => (method === 'PUT' ? { kind: 'latency', ms: 2000 } : { kind: 'pass' }));
  const first = await startDexter();
  const jobsPath = `/api/v1/organizations/${store.org}/bulk-jobs`;
  const created = await first.request(jobsPath, {
    method: 'POST',
    body: JSON.stringify({ query: '', action: { status: 'resolved' } }),
  });
  const jobPath = `${jobsPath}/${((await created.json()) as BulkJob).id}`;
  await waitForJob(first.request, jobPath, (job) => job.done >= 1000);
  await first.close();
  const sentBeforeRestart = bulkPuts(proxy.forwarded).length;
  expect(sentBeforeRestart).toBeLessThan(3);

  proxy.setFault(() => ({ kind: 'pass' }));
  const second = await startDexter();
  const job = await waitForJob(second.request, jobPath, (j) => j.state === 'completed');
  expect(job).toMatchObject({ total: TOTAL, done: TOTAL, failed: 0, pending: 0 });
  expect(bulkPuts(proxy.forwarded).length).toBeGreaterThan(sentBeforeRestart);

  const sent = bulkPuts(proxy.forwarded).flatMap((put) => put.ids);
  expect(sent).toHaveLength(TOTAL);
  expect(new Set(sent).size).toBe(TOTAL);
  const db = store.store.db;
  const resolved = await db.selectFrom('issues').select('id').where('status', '=', 'resolved').execute();
  expect(resolved).toHaveLength(TOTAL);
  const activities = await db
    .selectFrom('activities')
    .select(['issue_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('type', '=', 'set_resolved')
    .groupBy('issue_id')
    .execute();
  expect(activities).toHaveLength(TOTAL);
  expect(activities.every((row) => Number(row.n) === 1)).toBe(true);
});
