/**
 * Bulk jobs end to end, against a built-in store behind the fault proxy (Dexter in companion
 * mode): 5,000 issues in 3 projects, "select all matching", a preview of the exact count, then a
 * resolve where exactly one of the chunked Sentry calls fails with a 500. Every issue of that
 * chunk is reported failed with the reason, every other issue is resolved in the store, the
 * counts add up, and retrying the failed ones finishes the job.
 */
import type { BulkJob, BulkPreview } from '@dexter/contracts';
import { secondProject } from '@dexter/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allItems, bulkPuts, ingestIssues, waitForJob } from '../../testing/bulk-test-helpers';
import { type FaultedSetup, startFaultedDexter } from '../../testing/faulted-dexter';

let setup: FaultedSetup;
const TOTAL = 5000;
const PER_PROJECT = [1700, 1700, 1600];
const projects: Array<{ id: string; publicKey: string }> = [];

const api = (path: string) => `/api/v1/organizations/${setup.store.org}${path}`;
const post = (path: string, body: unknown) =>
  setup.dexter.request(api(path), { method: 'POST', body: JSON.stringify(body) });
const statusCounts = async () => {
  const rows = await setup.store.store.db
    .selectFrom('issues')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
};

beforeAll(async () => {
  setup = await startFaultedDexter({
    DEXTER_UPSTREAM_RATE: '100000',
    DEXTER_UPSTREAM_CONCURRENCY: '64',
    DEXTER_BREAKER_FAILURES: '100',
  });
  projects.push({ id: setup.store.projectId, publicKey: setup.store.publicKey });
  for (const slug of ['payments', 'search']) {
    const project = await secondProject(setup.store, slug);
    projects.push(project);
  }
  await Promise.all(
    projects.map((project, index) =>
      ingestIssues({ url: setup.store.url, project }, PER_PROJECT[index]!, `p${index}`, 12),
    ),
  );
}, 240_000);
afterAll(() => setup.close());

describe('bulk resolve of every matching issue', () => {
  it('previews the exact number of issues before anything starts', async () => {
    const res = await post('/bulk-jobs/preview', { query: 'is:unresolved' });
    expect(res.status).toBe(200);
    const preview = (await res.json()) as BulkPreview;
    expect(preview.total).toBe(TOTAL);
    expect(preview.projects.map((p) => p.count).sort()).toEqual([...PER_PROJECT].sort());
    expect(bulkPuts(setup.proxy.forwarded)).toHaveLength(0);
  });

  it('reports the one failed chunk per issue, resolves all others, and retries the failed ones', async () => {
    let puts = 0;
    setup.proxy.setFault(({ method, path }) => {
      if (method !== 'PUT' || !/\/issues\/\?/.test(path)) return { kind: 'pass' };
      puts += 1;
      return puts === 2 ? { kind: 'status', status: 500 } : { kind: 'pass' };
    });
    const created = await post('/bulk-jobs', { query: 'is:unresolved', action: { status: 'resolved' } });
    expect(created.status).toBe(202);
    const jobPath = api(`/bulk-jobs/${((await created.json()) as BulkJob).id}`);
    const job = await waitForJob(setup.dexter.request, jobPath, (j) => j.state === 'completed');
    setup.proxy.setFault(() => ({ kind: 'pass' }));

    const failedPut = bulkPuts(setup.proxy.received)[1]!;
    expect(setup.proxy.received.filter((r) => r.method === 'PUT')).toHaveLength(6);
    expect(failedPut.ids.length).toBeGreaterThan(0);
    expect(job).toMatchObject({ total: TOTAL, pending: 0, failed: failedPut.ids.length });
    expect(job.done + job.failed + job.pending).toBe(TOTAL);

    const failed = await allItems(setup.dexter.request, jobPath, 'failed');
    expect(failed.map((item) => item.issueId).sort()).toEqual([...failedPut.ids].sort());
    expect(failed.every((item) => item.error?.includes('DEXTER_ERR_UPSTREAM_SERVER'))).toBe(true);
    expect(await statusCounts()).toEqual({ resolved: TOTAL - failed.length, unresolved: failed.length });
    const stillOpen = await setup.store.store.db
      .selectFrom('issues')
      .select('id')
      .where('status', '=', 'unresolved')
      .execute();
    expect(stillOpen.map((r) => String(r.id)).sort()).toEqual([...failedPut.ids].sort());

    const retried = await post(`/bulk-jobs/${job.id}/retry-failed`, {});
    expect(retried.status).toBe(200);
    const finished = await waitForJob(setup.dexter.request, jobPath, (j) => j.state === 'completed');
    expect(finished).toMatchObject({ total: TOTAL, done: TOTAL, failed: 0, pending: 0 });
    expect(await statusCounts()).toEqual({ resolved: TOTAL });
  });

  it('sent at most 1,000 ids per call, one project per call, every issue in exactly one successful call', async () => {
    const puts = bulkPuts(setup.proxy.forwarded);
    const owner = new Map(
      (await setup.store.store.db.selectFrom('issues').select(['id', 'project_id']).execute()).map((r) => [
        String(r.id),
        String(r.project_id),
      ]),
    );
    for (const put of puts) {
      expect(put.ids.length).toBeLessThanOrEqual(1000);
      expect(put.project).toHaveLength(1);
      expect(put.ids.every((id) => owner.get(id) === put.project[0])).toBe(true);
    }
    const sent = puts.flatMap((put) => put.ids);
    expect(sent).toHaveLength(TOTAL);
    expect(new Set(sent).size).toBe(TOTAL);
  });

  it('lists the job, and audits its start and its completion', async () => {
    const { jobs } = (await (await setup.dexter.request(api('/bulk-jobs'))).json()) as { jobs: BulkJob[] };
    expect(jobs[0]).toMatchObject({
      selection: { kind: 'query', query: 'is:unresolved' },
      createdBy: { name: 'admin' },
    });
    const audit = async (action: string) =>
      (
        (await (await setup.dexter.request(`/api/v1/audit?action=${action}`)).json()) as {
          entries: Array<{
            targets: Record<string, string>;
            result: string;
            detail: Record<string, unknown>;
          }>;
        }
      ).entries;
    expect((await audit('bulkJobs.create'))[0]!.targets.jobId).toBe(String(jobs[0]!.id));
    const completions = await audit('bulkJobs.completed');
    expect(completions.map((e) => [e.result, e.detail.failed])).toEqual([
      ['success', 0],
      ['failure', expect.any(Number)],
    ]);
  });
});

describe('selection by ids', () => {
  it('reports ids that name no issue as failed, and applies the rest', async () => {
    const [first] = await setup.store.store.db
      .selectFrom('issues')
      .select('id')
      .orderBy('id')
      .limit(1)
      .execute();
    const created = await post('/bulk-jobs', {
      ids: [String(first!.id), '99999999'],
      action: { priority: 'low' },
    });
    const jobPath = api(`/bulk-jobs/${((await created.json()) as BulkJob).id}`);
    const job = await waitForJob(setup.dexter.request, jobPath, (j) => j.state === 'completed');
    expect(job).toMatchObject({ total: 2, done: 1, failed: 1 });
    const [missing] = await allItems(setup.dexter.request, jobPath, 'failed');
    expect(missing).toMatchObject({ issueId: '99999999', error: expect.stringContaining('no such issue') });
    const row = await setup.store.store.db
      .selectFrom('issues')
      .select('priority')
      .where('id', '=', first!.id)
      .executeTakeFirst();
    expect(row?.priority).toBe('low');
  });

  it('groups hand-picked ids by project, at most 1,000 per call, and applies every one', async () => {
    const rows = await setup.store.store.db
      .selectFrom('issues')
      .select(['id', 'project_id'])
      .orderBy('id', 'desc')
      .execute();
    const ofProject = (index: number) =>
      rows.filter((row) => String(row.project_id) === projects[index]!.id).map((row) => String(row.id));
    const wanted = [1500, 700, 100];
    const picked = new Set(wanted.flatMap((count, index) => ofProject(index).slice(0, count)));
    // In click order, projects mixed (ids were ingested concurrently), one id ticked twice.
    const ids = rows.map((row) => String(row.id)).filter((id) => picked.has(id));
    const before = bulkPuts(setup.proxy.forwarded).length;

    const created = await post('/bulk-jobs', { ids: [...ids, ids[0]], action: { isBookmarked: true } });
    expect(created.status).toBe(202);
    const jobPath = api(`/bulk-jobs/${((await created.json()) as BulkJob).id}`);
    const job = await waitForJob(setup.dexter.request, jobPath, (j) => j.state === 'completed');
    expect(job).toMatchObject({ selection: { kind: 'ids', count: picked.size }, total: 2300, done: 2300 });

    const puts = bulkPuts(setup.proxy.forwarded).slice(before);
    const sizes = new Map<string, number[]>();
    for (const put of puts) {
      expect(put.project).toHaveLength(1);
      const project = put.project[0]!;
      expect(put.ids.every((id) => ofProject(projects.findIndex((p) => p.id === project)).includes(id))).toBe(
        true,
      );
      sizes.set(
        project,
        [...(sizes.get(project) ?? []), put.ids.length].sort((a, b) => b - a),
      );
    }
    expect(Object.fromEntries(sizes)).toEqual({
      [projects[0]!.id]: [1000, 500],
      [projects[1]!.id]: [700],
      [projects[2]!.id]: [100],
    });
    expect(new Set(puts.flatMap((put) => put.ids))).toEqual(picked);
    const bookmarked = await setup.store.store.db
      .selectFrom('issue_bookmarks')
      .select('issue_id')
      .where(
        'issue_id',
        'in',
        [...picked].map((id) => Number(id)),
      )
      .execute();
    expect(new Set(bookmarked.map((row) => String(row.issue_id)))).toEqual(picked);
  });

  it('tries a chunk again when Sentry refused it with a 429, instead of failing it', async () => {
    const [issue] = await setup.store.store.db
      .selectFrom('issues')
      .select('id')
      .orderBy('id')
      .limit(1)
      .execute();
    let refused = 0;
    setup.proxy.setFault(({ method }) => {
      if (method !== 'PUT' || refused > 0) return { kind: 'pass' };
      refused += 1;
      return { kind: 'rate-limit', resetAt: Math.ceil(Date.now() / 1000) + 1 };
    });
    const created = await post('/bulk-jobs', { ids: [String(issue!.id)], action: { isBookmarked: true } });
    const jobPath = api(`/bulk-jobs/${((await created.json()) as BulkJob).id}`);
    const job = await waitForJob(setup.dexter.request, jobPath, (j) => j.state === 'completed');
    setup.proxy.setFault(() => ({ kind: 'pass' }));
    expect(refused).toBe(1);
    expect(job).toMatchObject({ total: 1, done: 1, failed: 0 });
  });

  it('refuses an invalid search before storing a job', async () => {
    const res = await post('/bulk-jobs', { query: 'level:', action: { status: 'resolved' } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { details: unknown } }).error.details).toEqual({
      position: 6,
      expected: 'a value after "level:"',
    });
  });
});
