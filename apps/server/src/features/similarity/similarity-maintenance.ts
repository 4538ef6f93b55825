/**
 * Keeps the per-organization indexes current, persisted and rebuildable:
 *  - load from the snapshot file at start; an organization without an index gets one built in the
 *    background when first used (`ensure`), or at start for the organizations named there (the
 *    built-in store's, where reads are local); one that has a snapshot catches up at start;
 *  - incremental updates: `notifyWritten` (the built-in store's new events) is coalesced and
 *    applied as one batch: within `coalesceMs` when an issue is new or regressed (its stack must
 *    be read), within `refreshCoalesceMs` when only counts and last-seen moved. During an ingest
 *    burst every batch names the same hot issues again; re-reading them five times a second cost
 *    tens of MB of parsed responses and cache entries for data nobody looks at that fast;
 *  - at most one incremental update is queued or running: what arrives meanwhile waits for it and
 *    is applied as the next one, so a burst never piles up reads behind a slow upstream;
 *  - `refreshRecent` (the companion-mode poller) reads the most recently seen issues with
 *    background priority;
 *  - `rebuild` replaces an organization's index with a fresh one, one rebuild per org at a time;
 *  - every change schedules a (debounced, atomic) snapshot write.
 * All maintenance runs on one work queue; interactive reads never wait for it.
 */
import type { SimilarityRebuild } from '@dexter/contracts';
import type { SnapshotFile } from './index-snapshot-file';
import { createOrgIndex, DEFAULT_MAX_ISSUES, type OrgIndex } from './org-index';
import type { SimilarityIndexer } from './similarity-indexer';
import { createWorkQueue } from './work-queue';

export interface WrittenIssue {
  issueId: string;
  /** A new issue or a regression: its stack may be new, so its latest event is read again. */
  stackChanged: boolean;
  /**
   * The new event's exception chain in Web API shape, when the source has it at hand (the built-in
   * store does): the item is built from it and the latest event is not read.
   */
  stack?: readonly object[] | null;
}

interface PendingChange {
  stackChanged: boolean;
  stack: readonly object[] | null;
}

export interface MaintenanceDeps {
  indexer: SimilarityIndexer;
  snapshot: SnapshotFile | null;
  log: { warn(object: object, message: string): void };
  now?: () => number;
  maxIssues?: number;
  /** Issues read when an organization's index is built from scratch. */
  buildLimit?: number;
  /** Issues read by each catch-up and poll. */
  refreshLimit?: number;
  /** How long notifications of new or regressed issues are collected before they are applied. */
  coalesceMs?: number;
  /** The same for notifications that only move counts and last-seen of indexed issues. */
  refreshCoalesceMs?: number;
  /**
   * Runs before a rebuild reads Sentry: drops cached issue lists, so an on-demand rebuild sees the
   * issues as they are now, not a list cached before the latest ones arrived.
   */
  beforeRebuild?: () => Promise<void>;
}

export function createIndexMaintenance(deps: MaintenanceDeps) {
  const { indexer, snapshot, log, now = Date.now, maxIssues = DEFAULT_MAX_ISSUES } = deps;
  const { buildLimit = 1_000, refreshLimit = 100, coalesceMs = 200, refreshCoalesceMs = 10_000 } = deps;
  const indexes = new Map<string, OrgIndex>();
  const queue = createWorkQueue();
  const written = new Map<string, Map<string, PendingChange>>();
  const rebuilding = new Map<string, Promise<SimilarityRebuild>>();
  const building = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  /** When `timer` fires, on `performance.now()`'s clock. */
  let timerDue = Number.POSITIVE_INFINITY;
  /** The incremental update queued or running, if any. */
  let applying: Promise<void> | null = null;
  let poller: NodeJS.Timeout | null = null;
  let closed = false;

  const indexOf = (org: string): OrgIndex => {
    const known = indexes.get(org);
    if (known) return known;
    const index = createOrgIndex([], maxIssues);
    indexes.set(org, index);
    return index;
  };
  const persist = () =>
    snapshot?.schedule(() => Object.fromEntries([...indexes].map(([org, index]) => [org, index.entries()])));

  /** Queues maintenance; failures are logged, since nobody waits for background work. */
  function background(what: string, org: string, task: () => Promise<void>): Promise<void> {
    return queue
      .push(async () => {
        if (closed) return;
        await task();
        persist();
      })
      .catch((error: unknown) => log.warn({ err: error, org }, `similarity: ${what} failed`));
  }

  /** Arms (or brings forward) the timer that applies the pending notifications. */
  function scheduleWritten(): void {
    if (applying || written.size === 0) return;
    const stackPending = [...written.values()].some((changes) =>
      [...changes.values()].some((change) => change.stackChanged),
    );
    const due = performance.now() + (stackPending ? coalesceMs : refreshCoalesceMs);
    if (timer && timerDue <= due) return;
    if (timer) clearTimeout(timer);
    timerDue = due;
    timer = setTimeout(applyWritten, due - performance.now());
  }

  function applyWritten(): void {
    timer = null;
    timerDue = Number.POSITIVE_INFINITY;
    const updates = [...written].map(([org, changes]) => {
      const ids = [...changes.keys()];
      const stackChanged = new Set(ids.filter((id) => changes.get(id)?.stackChanged));
      const knownStacks = new Map<string, readonly object[]>();
      for (const [id, { stack }] of changes) if (stack) knownStacks.set(id, stack);
      return background('incremental update', org, () =>
        indexer.sync(org, indexOf(org), ids, stackChanged, 'background', knownStacks),
      );
    });
    written.clear();
    applying = Promise.all(updates).then(() => {
      applying = null;
      if (!closed) scheduleWritten();
    });
  }

  const refreshRecent = (org: string) =>
    background('refresh', org, () => indexer.refreshRecent(org, indexOf(org), refreshLimit, 'background'));

  function build(org: string): void {
    building.add(org);
    background('initial build', org, async () => {
      try {
        const built = await indexer.build(org, buildLimit, 'background');
        // Issues indexed on demand while the build ran are kept.
        for (const entry of indexOf(org).entries()) if (!built.has(entry.issue.id)) built.put(entry);
        indexes.set(org, built);
      } catch (error) {
        // An organization that cannot be read (unknown, no access) is forgotten, not polled forever;
        // its next use tries again.
        if (indexes.get(org)?.size === 0) indexes.delete(org);
        throw error;
      } finally {
        building.delete(org);
      }
    });
  }

  /** The organization's index; the first use of an unknown organization starts its build. */
  function ensure(org: string): OrgIndex {
    if (!indexes.has(org)) build(org);
    return indexOf(org);
  }

  return {
    indexOf,
    ensure,
    persist,
    isBuilding: (org: string) => building.has(org) || rebuilding.has(org),
    orgs: () => [...indexes.keys()],

    async start(orgs: readonly string[]): Promise<void> {
      for (const [org, entries] of Object.entries((await snapshot?.load()) ?? {})) {
        indexes.set(org, createOrgIndex(entries, maxIssues));
      }
      for (const org of orgs) {
        if (indexes.has(org)) refreshRecent(org);
        else ensure(org);
      }
    },

    notifyWritten(org: string, issues: readonly WrittenIssue[]): void {
      const changes = written.get(org) ?? new Map<string, PendingChange>();
      for (const { issueId, stackChanged, stack = null } of issues) {
        const before = changes.get(issueId);
        // The latest stack handed over wins; a stack change is never forgotten by a later refresh.
        changes.set(issueId, {
          stackChanged: stackChanged || before?.stackChanged === true,
          stack: stack ?? before?.stack ?? null,
        });
      }
      written.set(org, changes);
      scheduleWritten();
    },

    /** Re-reads these issues after a change Dexter made (merge, resolve). */
    resync(org: string, ids: readonly string[]): void {
      background('resync', org, () => indexer.sync(org, indexOf(org), ids, new Set(), 'background'));
    },

    refreshRecent,

    /**
     * Polls every organization in use every `intervalMs` (companion mode). Only organizations
     * someone has used are polled: a feature nobody opens spends none of Sentry's rate budget.
     */
    startPolling(intervalMs: number): void {
      poller = setInterval(() => {
        for (const org of indexes.keys()) refreshRecent(org);
      }, intervalMs);
      poller.unref();
    },

    rebuild(org: string): Promise<SimilarityRebuild> {
      const running = rebuilding.get(org);
      if (running) return running;
      const started = now();
      const run = queue
        .push(async () => {
          await deps.beforeRebuild?.();
          const index = await indexer.build(org, buildLimit, 'background');
          indexes.set(org, index);
          persist();
          return { indexedIssues: index.size, tookMs: now() - started };
        })
        .finally(() => rebuilding.delete(org));
      rebuilding.set(org, run);
      return run;
    },

    /** Applies pending notifications now and waits for all queued maintenance. */
    async idle(): Promise<void> {
      do {
        await applying;
        if (timer) {
          clearTimeout(timer);
          applyWritten();
        }
        await applying;
        await queue.idle();
      } while (applying || timer);
    },

    async close(): Promise<void> {
      closed = true;
      if (timer) clearTimeout(timer);
      if (poller) clearInterval(poller);
      timer = null;
      await snapshot?.flush();
    },
  };
}

export type IndexMaintenance = ReturnType<typeof createIndexMaintenance>;
