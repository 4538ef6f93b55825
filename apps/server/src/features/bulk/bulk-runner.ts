/**
 * Runs bulk jobs in the background: resolve the exact id set, then apply the change chunk by
 * chunk (one project and at most 1,000 issues per Sentry call, background priority in the rate
 * budget), recording a result for every issue. Jobs live in Dexter's database, so `resume` picks
 * up whatever a restart interrupted.
 *
 * Several instances: a job runs where its lease is held (`bulk-job:<id>`, platform/leases.ts),
 * renewed while it runs and again right before each chunk is sent. Every instance looks for
 * unfinished jobs whose lease has expired (its holder died) every half TTL and takes them over.
 *
 * Invariants:
 * - a chunk's results are written in one transaction after its call returns: an issue is pending
 *   until then, so a crash can only re-send (never lose) a chunk, and the changes are idempotent;
 * - `stop` lets the chunk in flight finish and be recorded, then returns: a graceful restart
 *   sends every issue exactly once; a resolution in progress is aborted and redone on resume;
 * - a chunk is marked sent before its call; a crash leaves it pending and marked (in doubt). The
 *   instance that resumes the job waits until that call must have ended (the upstream timeout),
 *   reads the issues back, records those that show the change as done and sends only the others:
 *   an instance killed mid-chunk does not make any issue change twice;
 * - a call that was certainly not applied (the circuit breaker is open, or Sentry answered 429)
 *   is tried again after a pause, up to `NOT_SENT_ATTEMPTS` times; any other failed call (a 5xx,
 *   a timeout: maybe applied) marks every issue of its chunk failed with the reason, for the user
 *   to retry; Sentry skips ids it does not find, so after a successful call the issues are read
 *   back (100 per call through the batcher) and an issue that is missing or does not show the
 *   change is failed, with why.
 */
import { setMaxListeners } from 'node:events';
import type { IssueUpdate } from '@dexter/contracts';
import { type SentryClient, SentryUpstreamError } from '@dexter/sentry-client';
import type { Leases } from '../../platform/leases';
import type { AuditService } from '../../security/audit/audit-service';
import { mismatchOf, toSentryUpdate } from '../../sentry-mapping/issue-actions';
import type { IssueBatcher } from '../../upstream/issue-batcher';
import type { StoredSelection } from './bulk-db';
import type { BulkJobsStore, ItemResult } from './bulk-jobs-store';
import { resolveSelection, type SelectionDeps } from './bulk-selection';

/** Sentry's `BULK_MUTATION_LIMIT`. */
export const BULK_CHUNK = 1000;
const BACKGROUND = { priority: 'background' } as const;
const NOT_SENT_ATTEMPTS = 5;
/** Errors that mean the call never reached Sentry, or Sentry refused it before doing anything. */
const NOT_SENT = new Set(['DEXTER_ERR_UPSTREAM_UNAVAILABLE', 'DEXTER_ERR_UPSTREAM_RATE_LIMITED']);
const notSent = (error: unknown) =>
  typeof error === 'object' && error !== null && 'code' in error && NOT_SENT.has(String(error.code));

export interface BulkRunnerDeps extends SelectionDeps {
  store: BulkJobsStore;
  sentry: Pick<SentryClient, 'issues'>;
  batcher: Pick<IssueBatcher, 'load'>;
  audit: Pick<AuditService, 'record'>;
  log: { warn(object: object, message: string): void; error(object: object, message: string): void };
  /** First pause before a call that was not sent is tried again (doubling each time). */
  retryDelayMs?: number;
  leases: Pick<Leases, 'hold' | 'release'>;
  /** How long a job is this instance's without renewing (`DEXTER_LEASE_TTL_MS`). */
  leaseTtlMs: number;
  /** The longest a Sentry call can take (`DEXTER_UPSTREAM_TIMEOUT_MS`): an in-doubt chunk waits it out. */
  upstreamTimeoutMs: number;
  now: () => number;
}

const reasonOf = (error: unknown) =>
  error instanceof SentryUpstreamError
    ? `${error.code}: ${error.message}`
    : error instanceof Error
      ? error.message
      : String(error);

export function createBulkRunner(deps: BulkRunnerDeps) {
  const { store, log } = deps;
  const running = new Map<number, Promise<void>>();
  const aborter = new AbortController();
  // Every lookup and chunk of every running job listens on it, each removing itself when done.
  setMaxListeners(0, aborter.signal);
  let stopping = false;
  let scan: NodeJS.Timeout | null = null;
  const retryDelayMs = deps.retryDelayMs ?? 1000;
  const { leases, leaseTtlMs, now } = deps;

  /** Resolves after `ms`, or at once when Dexter starts stopping. */
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        aborter.signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      aborter.signal.addEventListener('abort', done, { once: true });
    });

  async function resolveItems(jobId: number, org: string, selection: StoredSelection): Promise<boolean> {
    const options = { ...BACKGROUND, signal: aborter.signal };
    try {
      let found: Array<{ issueId: string; projectId: string }> = [];
      const missing: ItemResult[] = [];
      for await (const item of resolveSelection(deps, org, selection, options)) {
        if (item.found) found.push(item);
        else
          missing.push({
            issueId: item.issueId,
            status: 'failed',
            error: 'no such issue (deleted, merged or not visible)',
          });
        if (found.length >= 500) {
          await store.addItems(jobId, found);
          found = [];
        }
      }
      await store.addItems(jobId, [...found, ...missing.map((m) => ({ issueId: m.issueId, projectId: '' }))]);
      if (missing.length > 0) await store.record(jobId, missing);
      await store.setState(jobId, 'running', { total: await store.itemCount(jobId) });
      return true;
    } catch (error) {
      if (stopping) return false;
      log.warn({ err: error, jobId }, 'bulk job: the selection could not be resolved');
      await store.setState(jobId, 'failed', {
        error: `The selection could not be resolved: ${reasonOf(error)}`,
      });
      return false;
    }
  }

  async function verify(org: string, ids: readonly string[], action: IssueUpdate): Promise<ItemResult[]> {
    let issues: Awaited<ReturnType<IssueBatcher['load']>>[];
    try {
      issues = await Promise.all(ids.map((id) => deps.batcher.load(org, id, BACKGROUND)));
    } catch (error) {
      // The change went through; only the read-back failed. Say so rather than guess.
      log.warn({ err: error }, 'bulk job: the read-back failed; the chunk is reported done unverified');
      return ids.map((issueId) => ({ issueId, status: 'done', error: null }));
    }
    return ids.map((issueId, index) => {
      const issue = issues[index];
      if (!issue)
        return {
          issueId,
          status: 'failed',
          error: 'not found after the change (deleted, merged or out of scope)',
        };
      const mismatch = mismatchOf(action, issue);
      return mismatch
        ? { issueId, status: 'failed', error: `the change did not apply: ${mismatch}` }
        : { issueId, status: 'done', error: null };
    });
  }

  /** The chunk's results, or null when Dexter is stopping and the chunk stays pending. */
  async function applyChunk(
    org: string,
    chunk: { projectId: string; ids: string[] },
    action: IssueUpdate,
  ): Promise<ItemResult[] | null> {
    const failAll = (error: string) =>
      chunk.ids.map((issueId): ItemResult => ({ issueId, status: 'failed', error }));
    const body = toSentryUpdate(action);
    for (let attempt = 1; ; attempt++) {
      try {
        const params = { ids: chunk.ids, project: [chunk.projectId] };
        const result = await deps.sentry.issues.bulkUpdate(org, params, body, BACKGROUND);
        if (result === null)
          return failAll('Sentry changed none of these issues (deleted, merged or out of scope)');
        return await verify(org, chunk.ids, action);
      } catch (error) {
        if (!notSent(error) || attempt >= NOT_SENT_ATTEMPTS) return failAll(reasonOf(error));
        log.warn({ err: error, attempt }, 'bulk job: Sentry is unavailable; the chunk waits');
        await pause(retryDelayMs * 2 ** (attempt - 1));
        if (stopping) return null;
      }
    }
  }

  /**
   * A chunk a dead instance sent and never recorded: once that call must have ended, the issues
   * that show the change are recorded done (and missing ones failed); the rest are cleared to be
   * sent again. Read-back failing, they are all sent again (the change is idempotent).
   */
  async function settleInDoubt(
    org: string,
    jobId: number,
    chunk: { ids: string[]; sentAt: number },
    action: IssueUpdate,
  ): Promise<boolean> {
    const wait = chunk.sentAt + deps.upstreamTimeoutMs - now();
    if (wait > 0) await pause(wait);
    if (stopping) return false;
    let issues: Awaited<ReturnType<IssueBatcher['load']>>[] = [];
    try {
      await deps.freshen();
      issues = await Promise.all(chunk.ids.map((id) => deps.batcher.load(org, id, BACKGROUND)));
    } catch (error) {
      log.warn({ err: error, jobId }, 'bulk job: an in-doubt chunk could not be read back; it is sent again');
      await store.markSent(jobId, chunk.ids, null);
      return true;
    }
    const settled: ItemResult[] = [];
    const again: string[] = [];
    chunk.ids.forEach((issueId, index) => {
      const issue = issues[index];
      if (!issue)
        settled.push({
          issueId,
          status: 'failed',
          error: 'not found after the change (deleted, merged or out of scope)',
        });
      else if (mismatchOf(action, issue)) again.push(issueId);
      else settled.push({ issueId, status: 'done', error: null });
    });
    if (settled.length > 0) await store.record(jobId, settled);
    if (again.length > 0) await store.markSent(jobId, again, null);
    return true;
  }

  async function run(jobId: number, keep: () => Promise<boolean>): Promise<void> {
    const row = await store.row(jobId);
    if (!row || (row.state !== 'resolving' && row.state !== 'running')) return;
    const action = JSON.parse(row.action) as IssueUpdate;
    if (row.state === 'resolving' && !(await resolveItems(jobId, row.org, JSON.parse(row.selection)))) return;
    for (;;) {
      if (stopping) return;
      const chunk = await store.nextChunk(jobId, BULK_CHUNK);
      if (!chunk) break;
      if (chunk.sentAt !== null) {
        if (!(await settleInDoubt(row.org, jobId, { ids: chunk.ids, sentAt: chunk.sentAt }, action))) return;
        continue;
      }
      // Renewed right before the call: an instance that lost the job (paused past the TTL) stops here.
      if (!(await keep())) return;
      await store.markSent(jobId, chunk.ids, now());
      const results = await applyChunk(row.org, chunk, action);
      if (!results) {
        await store.markSent(jobId, chunk.ids, null);
        return;
      }
      await store.record(jobId, results);
    }
    await store.setState(jobId, 'completed');
    const job = await store.get(row.org, jobId);
    await deps.audit.record({
      actorUserId: row.created_by,
      actorName: row.created_by_name,
      actorKind:
        row.created_by_kind === 'token'
          ? 'token'
          : row.created_by_kind === 'session'
            ? 'session'
            : 'anonymous',
      action: 'bulkJobs.completed',
      targets: { org: row.org, jobId: String(jobId) },
      result: job && job.failed > 0 ? 'failure' : 'success',
      status: 200,
      sourceIp: null,
      requestId: null,
      detail: job ? { action: job.action, total: job.total, done: job.done, failed: job.failed } : null,
    });
  }

  /** Runs the job while this instance holds its lease, renewing it; nothing when another holds it. */
  async function own(jobId: number): Promise<void> {
    const lease = `bulk-job:${jobId}`;
    if (!(await leases.hold(lease, leaseTtlMs))) return;
    let held = true;
    const renew = setInterval(
      () =>
        void leases.hold(lease, leaseTtlMs).then((ok) => {
          held &&= ok;
        }),
      Math.max(100, Math.floor(leaseTtlMs / 3)),
    );
    renew.unref();
    try {
      await run(jobId, async () => {
        held &&= await leases.hold(lease, leaseTtlMs);
        return held;
      });
    } finally {
      clearInterval(renew);
      // Given up at once, so a graceful stop hands an unfinished job to another instance now.
      await leases.release(lease).catch(() => {});
    }
  }

  async function takeOver(): Promise<void> {
    for (const job of await store.unfinished()) launch(job.id);
  }

  /** Runs the job in the background (no-op if it already runs here, runs elsewhere, or Dexter is stopping). */
  function launch(jobId: number): void {
    if (stopping || running.has(jobId)) return;
    const work = own(jobId)
      .catch((error: unknown) => log.error({ err: error, jobId }, 'bulk job stopped on an unexpected error'))
      .finally(() => running.delete(jobId));
    running.set(jobId, work);
  }

  return {
    launch,
    /**
     * Resumes every job a restart interrupted, then keeps looking for jobs whose instance died
     * (their lease expired) every half TTL.
     */
    async resume(): Promise<void> {
      await takeOver();
      if (stopping || scan) return;
      scan = setInterval(
        () => {
          takeOver().catch((error: unknown) =>
            log.warn({ err: error }, 'bulk job: looking for jobs to take over failed'),
          );
        },
        Math.max(250, Math.floor(leaseTtlMs / 2)),
      );
      scan.unref();
    },
    /** Whether the job is being worked on by this process. */
    isRunning: (jobId: number) => running.has(jobId),
    async stop(): Promise<void> {
      stopping = true;
      if (scan) clearInterval(scan);
      aborter.abort(new Error('Dexter is stopping'));
      await Promise.all(running.values());
    },
  };
}

export type BulkRunner = ReturnType<typeof createBulkRunner>;
