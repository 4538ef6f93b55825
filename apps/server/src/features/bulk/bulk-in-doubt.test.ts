/**
 * A bulk job left behind by an instance that died with a chunk in flight (its lease still held,
 * its items pending but marked sent): another instance takes it over once the lease expires, reads
 * the chunk back, records the issues the dead instance's call did change as done without sending
 * them again, and sends only the others.
 */
import { type StoreServer, startStoreServer } from '@dexter/store/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLeases } from '../../platform/leases';
import { bulkPuts, waitForJob } from '../../testing/bulk-test-helpers';
import { type FaultProxy, startFaultProxy } from '../../testing/fault-proxy';
import { seedIssues } from '../../testing/faulted-dexter';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';
import { createBulkJobsStore } from './bulk-jobs-store';

let store: StoreServer;
let proxy: FaultProxy;
let dexter: TestDexter;

beforeAll(async () => {
  store = await startStoreServer();
  await seedIssues(store, 4);
  proxy = await startFaultProxy(store.url);
  dexter = await startTestDexter({
    SENTRY_URL: proxy.url,
    SENTRY_TOKEN: store.token,
    SENTRY_ORG: store.org,
    DEXTER_ALLOW_PRIVATE_URLS: 'true',
    DEXTER_UPSTREAM_RATE: '100000',
    DEXTER_LEASE_TTL_MS: '1000',
  });
});
afterAll(async () => {
  await dexter?.close();
  await proxy?.close();
  await store?.close();
});

const storeCall = (path: string, init: RequestInit = {}) =>
  fetch(`${store.url}/api/0/organizations/${store.org}/${path}`, {
    ...init,
    headers: { authorization: `Bearer ${store.token}`, 'content-type': 'application/json' },
  });

it('sends again only the issues of an in-doubt chunk that do not show the change', async () => {
  const issues = (await (await storeCall('issues/?query=')).json()) as Array<{
    id: string;
    project: { id: string };
  }>;
  expect(issues).toHaveLength(4);
  const ids = issues.map((issue) => issue.id).sort();
  // What the dead instance's call did before it died: half of the chunk changed upstream.
  const landed = ids.slice(0, 2);
  const put = await storeCall(`issues/?${landed.map((id) => `id=${id}`).join('&')}`, {
    method: 'PUT',
    body: JSON.stringify({ status: 'resolved' }),
  });
  expect(put.status).toBe(200);

  const { db } = dexter.platform;
  const jobs = createBulkJobsStore({ db, now: Date.now });
  const jobId = await jobs.create({
    org: store.org,
    action: { status: 'resolved' },
    selection: { kind: 'ids', ids },
    user: null,
  });
  await jobs.addItems(
    jobId,
    issues.map((issue) => ({ issueId: issue.id, projectId: issue.project.id })),
  );
  await jobs.setState(jobId, 'running', { total: 4 });
  await jobs.markSent(jobId, ids, Date.now() - 60_000);
  expect(
    await createLeases({ db, now: Date.now, owner: 'the dead one' }).hold(`bulk-job:${jobId}`, 1_000),
  ).toBe(true);

  const job = await waitForJob(
    dexter.request,
    `/api/v1/organizations/${store.org}/bulk-jobs/${jobId}`,
    (j) => j.state === 'completed',
    30_000,
  );
  expect(job).toMatchObject({ total: 4, done: 4, failed: 0, pending: 0 });
  expect(
    bulkPuts(proxy.forwarded)
      .flatMap((p) => p.ids)
      .sort(),
  ).toEqual(ids.slice(2));
  const after = (await (await storeCall('issues/?query=is:resolved')).json()) as Array<{ id: string }>;
  expect(after.map((issue) => issue.id).sort()).toEqual(ids);
});
