/**
 * Helpers of the bulk-job tests: many issues ingested fast (distinct fingerprints, posted
 * concurrently straight to the store), job polling with a bound, and reading which ids each bulk
 * `PUT` carried from the fault proxy's log.
 */
import type { BulkJob, BulkJobItem, BulkJobItemList } from '@dexter/contracts';
import { envelopeOf, postEnvelope, testEvent } from '@dexter/store/testing';
import type { ForwardedRequest } from './fault-proxy';

export interface IngestTarget {
  url: string;
  project: { id: string; publicKey: string };
}

/** Sends `count` events with distinct fingerprints (so `count` issues), `concurrency` at a time. */
export async function ingestIssues(target: IngestTarget, count: number, prefix: string, concurrency = 32) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const event = testEvent({ fingerprint: [`${prefix}-${i}`], value: `${prefix} ${i}` });
      const res = await postEnvelope(
        target.url,
        target.project.id,
        target.project.publicKey,
        envelopeOf(event),
      );
      if (res.status !== 200) throw new Error(`ingest of ${prefix}-${i} answered ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

type Request = (path: string, init?: RequestInit) => Promise<Response>;

/** Polls the job until `done(job)` holds, at most `timeoutMs`. */
export async function waitForJob(
  request: Request,
  path: string,
  done: (job: BulkJob) => boolean,
  timeoutMs = 120_000,
): Promise<BulkJob> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await (await request(path)).json()) as BulkJob;
    if (done(job)) return job;
    if (Date.now() > deadline) throw new Error(`bulk job did not get there in time: ${JSON.stringify(job)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every item of a job with this status, following the cursor. */
export async function allItems(request: Request, path: string, status: string): Promise<BulkJobItem[]> {
  const items: BulkJobItem[] = [];
  let cursor: string | null = null;
  do {
    const page = (await (
      await request(`${path}/items?status=${status}&limit=1000${cursor ? `&cursor=${cursor}` : ''}`)
    ).json()) as BulkJobItemList;
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** The bulk mutations (`PUT …/issues/?id=…`) in a proxy log, with their ids and project filter. */
export function bulkPuts(log: readonly ForwardedRequest[]) {
  return log
    .filter((r) => r.method === 'PUT' && /\/api\/0\/organizations\/[^/]+\/issues\/\?/.test(r.path))
    .map((r) => {
      const params = new URLSearchParams(r.path.split('?')[1]);
      return { ids: params.getAll('id'), project: params.getAll('project') };
    });
}
